// Every kind of picture the renderer draws, written to a folder (default: the current directory):
//   ./example_plot_gallery [DIR]
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>

#include "axon/plot/figure.hpp"

using namespace axon::plot;

int main(int argc, char** argv) {
    std::filesystem::path dir = argc > 1 ? argv[1] : ".";
    Figure lines;
    lines.title = "Lines, log-y, NaN breaks, legend";
    lines.columns = 2;
    Panel a;
    a.title = "loss";
    a.x_label = "epoch";
    a.y_label = "loss";
    a.log_y = true;
    Series train, val;
    train.label = "train";
    val.label = "validation";
    for (int e = 1; e <= 40; ++e) {
        train.x.push_back(e);
        train.y.push_back(2.0 * std::exp(-0.15 * e) + 0.01);
        val.x.push_back(e);
        val.y.push_back(e % 9 == 0 ? std::numeric_limits<double>::quiet_NaN() : 2.1 * std::exp(-0.12 * e) + 0.05);
    }
    val.color = palette(1);
    val.line = LineStyle::dashed;
    val.marker = Marker::circle;
    val.marker_size = 3;
    a.series = {train, val};
    Panel b;
    b.title = "accuracy";
    b.x_label = "epoch";
    b.y_label = "accuracy";
    Series acc;
    acc.label = "train";
    for (int e = 1; e <= 40; ++e) {
        acc.x.push_back(e);
        acc.y.push_back(1 - 0.5 * std::exp(-0.1 * e));
    }
    b.series = {acc};
    lines.panels = {a, b};
    for (const auto& p : save_png_and_svg(lines, dir / "gallery_lines")) std::printf("%s\n", p.c_str());

    Figure rasters;
    rasters.columns = 3;
    rasters.panel_width = 360;
    rasters.panel_height = 320;
    Panel f;
    f.title = "viridis, smooth, equal aspect";
    f.equal_aspect = true;
    Raster r;
    r.rows = 40;
    r.cols = 60;
    r.x_min = -3, r.x_max = 3, r.y_min = -2, r.y_max = 2;
    r.smooth = true;
    r.show_colorbar = true;
    for (int i = 0; i < r.rows; ++i)
        for (int j = 0; j < r.cols; ++j) {
            double x = -3 + 6 * (j + 0.5) / 60, y = 2 - 4 * (i + 0.5) / 40;
            r.values.push_back(1.5 * x * x + y * y + 2);
        }
    f.background = r;
    Series path;
    path.label = "path";
    path.x = {2.5, 1.2, 0.4, 0.1, 0};
    path.y = {1.5, 1.0, 0.5, 0.2, 0};
    path.marker = Marker::circle;
    path.color = Color{1, 1, 1, 1};
    f.series = {path};
    Panel c;
    c.title = "confusion";
    c.x_label = "predicted";
    c.y_label = "true";
    Raster m;
    m.rows = 3;
    m.cols = 3;
    m.values = {50, 2, 0, 5, 40, 7, 0, 3, 60};
    m.x_min = -0.5, m.x_max = 2.5, m.y_min = -0.5, m.y_max = 2.5;
    m.annotate = true;
    m.colormap = ColorMap::viridis;
    c.background = m;
    c.x_categories = {"T-shirt/top", "Trouser", "Pullover"};
    c.y_categories = {"Pullover", "Trouser", "T-shirt/top"};
    Panel d;
    d.title = "diverging weights";
    d.show_axes = false;
    d.equal_aspect = true;
    Raster w;
    w.rows = 28;
    w.cols = 28;
    w.colormap = ColorMap::diverging;
    w.show_colorbar = true;
    for (int i = 0; i < 28; ++i)
        for (int j = 0; j < 28; ++j) w.values.push_back(std::sin(i / 4.0) * std::cos(j / 5.0));
    d.background = w;
    rasters.panels = {f, c, d};
    for (const auto& p : save_png_and_svg(rasters, dir / "gallery_rasters")) std::printf("%s\n", p.c_str());
    return 0;
}
