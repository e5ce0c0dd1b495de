#include "plot/render/cairo_graphviz.hpp"

#include <exception>
#include <new>

#include "axon/error.hpp"

namespace axon::plot::detail {

namespace {

// Runs `draw` and returns what it threw as data, so that no exception crosses the module boundary.
template <typename Draw>
RenderError guard(Draw&& draw) noexcept {
    try {
        draw();
        return {};
    } catch (const ConfigError& e) {
        return {RenderError::Kind::config, e.what()};
    } catch (const IoError& e) {
        return {RenderError::Kind::io, e.what()};
    } catch (const std::exception& e) {
        return {RenderError::Kind::other, e.what()};
    } catch (...) {
        return {RenderError::Kind::other, "the renderer failed with an unknown exception"};
    }
}

}  // namespace

const Renderer& cairo_graphviz_renderer() {
    static const Renderer kRenderer{
        .draw_figure = [](const Figure& figure, PictureFormat format, const std::string& name,
                          std::string& bytes) noexcept { return guard([&] { bytes = figure_bytes(figure, format, name); }); },
        .locate = [](const Figure& figure, std::size_t panel_index, double x, double y,
                     std::array<double, 2>& pixel) noexcept {
            return guard([&] { pixel = figure_pixel(figure, panel_index, x, y); });
        },
        .draw_dot = [](const std::string& dot, PictureFormat format, const std::string& name,
                       std::string& bytes) noexcept { return guard([&] { bytes = dot_bytes(dot, format, name); }); },
    };
    return kRenderer;
}

}  // namespace axon::plot::detail
