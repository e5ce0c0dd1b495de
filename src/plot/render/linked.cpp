// The renderer compiled into the program: what a program that links axon::axon draws with.
#include "plot/render/renderer.hpp"

namespace axon::plot::detail {

const Renderer& renderer() { return cairo_graphviz_renderer(); }

}  // namespace axon::plot::detail
