// The cairo renderer: sizes, formats, atomic writes, NaN in series, SVG text, bad extensions, and
// pixels where the data put them (a raster's colours, a line's position).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <memory>
#include <string>

#include "axon/error.hpp"
#include "axon/plot/figure.hpp"
#include "io/io_test_util.hpp"
#include "plot/render/png_image.hpp"

namespace axon::plot {
namespace {

using test::TempDir;

std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

using detail::read_png;

Figure line_figure() {
    Figure figure;
    figure.title = "Loss über epochs";
    Panel panel;
    panel.title = "training loss";
    panel.x_label = "epoch";
    panel.y_label = "loss";
    Series s;
    s.label = "train";
    s.x = {1, 2, 3, 4, 5};
    s.y = {1.0, 0.5, std::numeric_limits<double>::quiet_NaN(), 0.2, 0.1};
    panel.series.push_back(s);
    figure.panels.push_back(panel);
    return figure;
}

TEST(Figure, PngHasTheAskedSize) {
    TempDir dir;
    auto figure = line_figure();
    figure.panels.push_back(figure.panels[0]);
    figure.panels.push_back(figure.panels[0]);
    figure.columns = 2;
    figure.panel_width = 300;
    figure.panel_height = 200;
    save(figure, dir.file("f.png"));
    auto image = read_png(dir.file("f.png"));
    EXPECT_EQ(image.width, 600);   // 2 columns
    EXPECT_EQ(image.height, 434);  // 2 rows + the figure title's band (34)
}

TEST(Figure, SvgIsXmlAndCarriesTheTitle) {
    TempDir dir;
    save(line_figure(), dir.file("f.svg"));
    auto svg = read_all(dir.file("f.svg"));
    EXPECT_EQ(svg.rfind("<?xml", 0), 0u);
    EXPECT_NE(svg.find("<svg"), std::string::npos);
    EXPECT_NE(svg.find("</svg>"), std::string::npos);
    EXPECT_NE(svg.find("<title>Loss über epochs</title>"), std::string::npos);
    EXPECT_NE(svg.find("training loss"), std::string::npos);
}

TEST(Figure, NanInASeriesDoesNotThrowAndEveryValueCanBeNan) {
    TempDir dir;
    auto figure = line_figure();
    EXPECT_NO_THROW(save(figure, dir.file("a.png")));
    for (auto& v : figure.panels[0].series[0].y) v = std::numeric_limits<double>::quiet_NaN();
    EXPECT_NO_THROW(save(figure, dir.file("b.png")));
    figure.panels[0].log_y = true;
    figure.panels[0].series[0].y = {1, 0, -1, 1e-3, 1e30};  // non-positive values are breaks on log axes
    EXPECT_NO_THROW(save(figure, dir.file("c.svg")));
}

TEST(Figure, AtomicWriteLeavesOnlyThePicture) {
    TempDir dir;
    auto written = save_png_and_svg(line_figure(), std::filesystem::path(dir.str()) / "loss");
    ASSERT_EQ(written.size(), 2u);
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(dir.str())) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    EXPECT_EQ(names, (std::vector<std::string>{"loss.png", "loss.svg"}));
    EXPECT_GT(std::filesystem::file_size(written[0]), 1000u);
}

TEST(Figure, BadExtensionEmptyFigureAndMissingDirectoryThrow) {
    TempDir dir;
    EXPECT_THROW(save(line_figure(), dir.file("f.jpg")), ConfigError);
    EXPECT_THROW(save(line_figure(), dir.file("f")), ConfigError);
    EXPECT_THROW(save(Figure{}, dir.file("f.png")), ConfigError);
    EXPECT_THROW(save(line_figure(), dir.file("no/such/dir/f.png")), IoError);
    EXPECT_FALSE(std::filesystem::exists(dir.file("f.jpg")));
}

// A 2 × 2 classes raster with explicit axes: each quadrant of the plot area has its class colour.
TEST(Figure, RasterCellsLandWhereTheirCoordinatesAre) {
    TempDir dir;
    Figure figure;
    figure.panel_width = 400;
    figure.panel_height = 400;
    Panel panel;
    panel.show_axes = false;
    Raster raster;
    raster.rows = 2;
    raster.cols = 2;
    raster.values = {0, 1, 2, 3};  // top-left, top-right, bottom-left, bottom-right
    raster.colormap = ColorMap::classes;
    raster.x_min = -1, raster.x_max = 1, raster.y_min = -1, raster.y_max = 1;
    panel.background = raster;
    panel.x_min = -1, panel.x_max = 1, panel.y_min = -1, panel.y_max = 1;
    figure.panels.push_back(panel);
    save(figure, dir.file("q.png"));
    auto image = read_png(dir.file("q.png"));
    // The plot area is inset by the panel's small margins; sample well inside each quadrant.
    auto expect_class = [&](int x, int y, std::size_t c) {
        auto p = image.rgb(x, y);
        auto want = palette(c);
        EXPECT_NEAR(p[0], want.r * 255, 2) << x << "," << y;
        EXPECT_NEAR(p[1], want.g * 255, 2) << x << "," << y;
        EXPECT_NEAR(p[2], want.b * 255, 2) << x << "," << y;
    };
    expect_class(100, 100, 0);
    expect_class(300, 100, 1);
    expect_class(100, 300, 2);
    expect_class(300, 300, 3);
}

}  // namespace
}  // namespace axon::plot
