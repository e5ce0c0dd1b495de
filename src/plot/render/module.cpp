// axon_draw.so: the cairo + Graphviz renderer as a module that the axon CLI opens when it draws.
#include "detail/module_loader.hpp"
#include "plot/render/renderer.hpp"

extern "C" {

[[gnu::visibility("default")]] const char* axon_module_build() { return axon::detail::kModuleBuild; }

[[gnu::visibility("default")]] const void* axon_renderer_v1() { return &axon::plot::detail::cairo_graphviz_renderer(); }

}
