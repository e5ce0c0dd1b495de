// The renderer's two halves, as plain C++ that throws axon exceptions; cairo_graphviz.cpp puts them
// in the Renderer table (renderer.hpp), which carries the exceptions across as data.
#pragma once

#include <array>
#include <cstddef>
#include <string>

#include "axon/plot/figure.hpp"
#include "plot/render/renderer.hpp"

namespace axon::plot::detail {

// cairo_figure.cpp: the figure as a PNG file or an SVG document. `name` names it in messages.
std::string figure_bytes(const Figure& figure, PictureFormat format, const std::string& name);
std::array<double, 2> figure_pixel(const Figure& figure, std::size_t panel_index, double x, double y);

// graphviz_dot.cpp: DOT text laid out by dot and drawn as PNG or SVG.
std::string dot_bytes(const std::string& dot, PictureFormat format, const std::string& name);

}  // namespace axon::plot::detail
