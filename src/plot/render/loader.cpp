// The renderer of the axon CLI: the module axon_draw.so, opened the first time a command draws.
#include "detail/module_loader.hpp"
#include "plot/render/renderer.hpp"

namespace axon::plot::detail {

const Renderer& renderer() {
    static const Renderer& loaded =
        *static_cast<const Renderer*>(axon::detail::load_module_table(kRendererModule, kRendererEntry, "drawing pictures"));
    return loaded;
}

}  // namespace axon::plot::detail
