// The renderer as the CLI uses it: the module axon_draw.so, opened from the directory of the axon
// program. It must draw exactly what the renderer compiled into axon::axon draws, and carry a
// renderer's exceptions back as data.
#include <gtest/gtest.h>

#include <stdlib.h>

#include <cctype>
#include <filesystem>
#include <string>

#include "axon/error.hpp"
#include "axon/plot/figure.hpp"
#include "detail/module_loader.hpp"
#include "plot/render/renderer.hpp"

namespace axon::plot::detail {
namespace {

const Renderer& renderer_module() {
    ::setenv("AXON_MODULE_DIR", std::filesystem::path(AXON_CLI_PATH).parent_path().c_str(), 1);
    return *static_cast<const Renderer*>(axon::detail::load_module_table(kRendererModule, kRendererEntry, "the test"));
}

Figure scatter_with_raster() {
    Figure figure;
    figure.title = "module vs linked";
    Panel panel;
    panel.title = "two classes";
    Series points;
    points.label = "points";
    points.x = {0.1, 0.5, 0.9};
    points.y = {0.2, 0.8, 0.4};
    points.marker = Marker::circle;
    points.line = LineStyle::none;
    panel.series.push_back(points);
    Raster raster;
    raster.rows = 2;
    raster.cols = 2;
    raster.values = {0, 1, 1, 0};
    raster.colormap = ColorMap::classes;
    panel.background = raster;
    figure.panels.push_back(panel);
    return figure;
}

// cairo numbers the surfaces and images of an SVG with a process-wide counter ("surface71"), so two
// drawings of one figure differ there and nowhere else.
std::string without_object_ids(std::string svg) {
    for (const std::string prefix : {"id=\"surface", "id=\"image", "#image"}) {
        for (auto at = svg.find(prefix); at != std::string::npos; at = svg.find(prefix, at + 1)) {
            const auto digits = at + prefix.size();
            auto end = digits;
            while (end < svg.size() && std::isdigit(static_cast<unsigned char>(svg[end]))) ++end;
            svg.erase(digits, end - digits);
        }
    }
    return svg;
}

TEST(RendererModule, DrawsTheSameBytesAsTheLinkedRenderer) {
    const Renderer& module = renderer_module();
    const Renderer& linked = cairo_graphviz_renderer();
    ASSERT_NE(&module, &linked) << "the module's table must be its own, not the test program's";
    const Figure figure = scatter_with_raster();
    for (auto format : {PictureFormat::png, PictureFormat::svg}) {
        std::string from_module, from_linked;
        ASSERT_EQ(module.draw_figure(figure, format, "f", from_module).kind, RenderError::Kind::none);
        ASSERT_EQ(linked.draw_figure(figure, format, "f", from_linked).kind, RenderError::Kind::none);
        EXPECT_GT(from_module.size(), 1000u);
        EXPECT_EQ(without_object_ids(from_module), without_object_ids(from_linked)) << "format " << static_cast<int>(format);
    }
    std::array<double, 2> module_pixel{}, linked_pixel{};
    ASSERT_EQ(module.locate(figure, 0, 0.5, 0.8, module_pixel).kind, RenderError::Kind::none);
    ASSERT_EQ(linked.locate(figure, 0, 0.5, 0.8, linked_pixel).kind, RenderError::Kind::none);
    EXPECT_EQ(module_pixel, linked_pixel);
    EXPECT_GT(module_pixel[0], 0.0);

    std::string png;
    ASSERT_EQ(module.draw_dot("digraph { a -> b }", PictureFormat::png, "g.png", png).kind, RenderError::Kind::none);
    EXPECT_EQ(png.substr(1, 3), "PNG");
}

TEST(RendererModule, ExceptionsComeBackAsErrorsOfTheirKind) {
    const Renderer& module = renderer_module();
    Figure figure = scatter_with_raster();
    figure.panels[0].background->values.pop_back();  // 2 × 2 raster with 3 values
    std::string bytes;
    const RenderError raster_error = module.draw_figure(figure, PictureFormat::png, "f.png", bytes);
    EXPECT_EQ(raster_error.kind, RenderError::Kind::config);
    EXPECT_NE(raster_error.message.find("a raster of 2 × 2 has 3 values"), std::string::npos) << raster_error.message;
    EXPECT_THROW(rethrow(raster_error), ConfigError);

    const RenderError dot_error = module.draw_dot("digraph { a -> ", PictureFormat::svg, "g.svg", bytes);
    EXPECT_EQ(dot_error.kind, RenderError::Kind::config);
    EXPECT_NE(dot_error.message.find("Graphviz rejects the DOT text"), std::string::npos) << dot_error.message;
    EXPECT_NO_THROW(rethrow(RenderError{}));
}

}  // namespace
}  // namespace axon::plot::detail
