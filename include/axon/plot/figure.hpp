// Figures as data: what a picture shows (panels of lines, points, rasters and labels), kept apart
// from how it is drawn, so that the course, the CLI and the tests describe pictures and one renderer
// (cairo) writes them as PNG and SVG.
//
// A Figure is a grid of Panels. A Panel has data coordinates (x right, y up), optional axis ranges
// (fitted to the data otherwise), a background Raster (a decision boundary, a function's values, an
// image, a confusion matrix), Series drawn on top in order, and text Labels.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace axon::plot {

struct Color {
    double r = 0, g = 0, b = 0, a = 1;  // each in [0, 1]
};
// A qualitative palette (Tableau 10): class c and series i take kPalette[c % 10].
Color palette(std::size_t index);
Color with_alpha(Color c, double alpha);

enum class Marker : std::uint8_t { none, circle, cross };
enum class LineStyle : std::uint8_t { none, solid, dashed };

// A polyline and/or markers through the points (x[i], y[i]). NaN values break the line (a diverged
// run, an epoch without validation) instead of being drawn.
struct Series {
    std::string label;  // shown in the legend when not empty
    std::vector<double> x, y;
    Color color = palette(0);
    LineStyle line = LineStyle::solid;
    Marker marker = Marker::none;
    double line_width = 1.5;  // in pixels at the figure's size
    double marker_size = 4;   // radius in pixels
    // Per-point colours for markers (scatter plots by class); empty = `color` for every point.
    std::vector<Color> point_colors;
};

// How raster values become colours.
enum class ColorMap : std::uint8_t {
    viridis,  // continuous: values mapped linearly from [low, high]
    gray,     // black (low) to white (high): images
    diverging,  // blue (low) – white (0) – red (high), symmetric about 0: weights
    classes,  // value v is class round(v): palette(v) at `alpha` (decision regions)
};

// A grid of values covering the rectangle [x_min, x_max] × [y_min, y_max] of the panel; row 0 is the
// TOP row (images are stored that way), column 0 the left column.
struct Raster {
    std::int64_t rows = 0, cols = 0;
    std::vector<double> values;  // rows × cols, row-major
    double x_min = 0, x_max = 1, y_min = 0, y_max = 1;
    ColorMap colormap = ColorMap::viridis;
    std::optional<double> low, high;  // colour range; default: the values' min and max
    double alpha = 1;
    bool smooth = false;        // bilinear when scaled (function values) vs nearest (pixels, cells)
    bool annotate = false;      // write each cell's value in it (confusion matrices)
    std::string value_format = "{:.0f}";  // fmt format of an annotation
    bool show_colorbar = false;
};

struct Label {
    double x = 0, y = 0;  // data coordinates
    std::string text;
    Color color{};
    double size = 11;  // points
};

struct Panel {
    std::string title, x_label, y_label;
    std::optional<double> x_min, x_max, y_min, y_max;  // default: fitted to the data with a margin
    bool log_y = false;        // losses over several decades
    bool equal_aspect = false; // one unit is as long on both axes (trajectories, boundaries)
    bool show_axes = true;     // false for image grids
    bool show_legend = true;   // when some series has a label
    std::optional<Raster> background;
    std::vector<Series> series;
    std::vector<Label> labels;
    // Category names on the axes instead of numbers (confusion matrix rows/columns), at x = 0, 1, ...
    std::vector<std::string> x_categories, y_categories;
};

struct Figure {
    std::string title;
    std::vector<Panel> panels;
    int columns = 1;               // panels fill rows left to right
    int panel_width = 480;         // pixels per panel, plot area plus its axes
    int panel_height = 360;
};

// Draws the figure and writes it; the format is chosen by the extension (".png" or ".svg").
// Writes to a temporary file in the same directory and renames it, so a reader never sees half a
// picture. Throws ConfigError for another extension or an empty figure, IoError when it cannot write.
void save(const Figure& figure, const std::filesystem::path& path);

// Both pictures: `stem`.png and `stem`.svg. Returns the two paths written.
std::vector<std::filesystem::path> save_png_and_svg(const Figure& figure, const std::filesystem::path& stem);

// Where panel `panel_index` puts the data point (x, y), in pixels of the saved picture (x right, y
// down, origin at the top-left corner), after layout (margins, equal aspect). For tests and image
// maps. Throws ConfigError for an index out of range.
std::array<double, 2> data_to_pixel(const Figure& figure, std::size_t panel_index, double x, double y);

}  // namespace axon::plot
