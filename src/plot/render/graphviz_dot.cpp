// DOT text laid out and drawn by Graphviz's own library (libgvc: the dot layout, the cairo/pango
// plugin for PNG, the core plugin for SVG).
#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <memory>
#include <mutex>

#include <fmt/format.h>

#include "axon/error.hpp"
#include "plot/render/cairo_graphviz.hpp"

namespace axon::plot::detail {

namespace {

std::mutex graphviz_mutex;  // cgraph's error hook and parser state are global
std::string graphviz_errors;

int collect_error(char* message) {
    graphviz_errors += message;
    return 0;
}

}  // namespace

std::string dot_bytes(const std::string& dot, PictureFormat format, const std::string& name) {
    const char* device = format == PictureFormat::png ? "png" : "svg";
    std::lock_guard lock(graphviz_mutex);
    graphviz_errors.clear();
    auto previous = agseterrf(collect_error);
    struct Restore {
        agusererrf previous;
        ~Restore() { agseterrf(previous); }
    } restore{previous};

    // One Graphviz context for the whole process, never freed: Graphviz 2.42's pango plugin keeps a
    // pointer to the last font name it measured, and that name lives in the context's font dictionary.
    // Freeing the context after each picture left the pointer dangling, and the next picture's layout
    // read freed memory (AddressSanitizer: heap-use-after-free in textspan_size).
    static GVC_t* const gvc = gvContext();
    std::unique_ptr<Agraph_t, decltype(&agclose)> graph(agmemread(dot.c_str()), agclose);
    if (!graph) throw ConfigError(fmt::format("render_dot: Graphviz rejects the DOT text ({})", graphviz_errors));
    if (gvLayout(gvc, graph.get(), "dot") != 0)
        throw ConfigError(fmt::format("render_dot: the dot layout failed ({})", graphviz_errors));
    char* data = nullptr;
    unsigned int length = 0;
    const int status = gvRenderData(gvc, graph.get(), device, &data, &length);
    gvFreeLayout(gvc, graph.get());
    std::unique_ptr<char, decltype(&gvFreeRenderData)> owned(data, gvFreeRenderData);
    if (status != 0 || data == nullptr || length == 0)
        throw IoError(fmt::format("render_dot: Graphviz could not draw {} as {} ({}); PNG needs the cairo plugin "
                                  "(Debian package libgvc6, /usr/lib/x86_64-linux-gnu/graphviz/libgvplugin_pango.so)",
                                  name, device, graphviz_errors.empty() ? "no message" : graphviz_errors));
    return std::string(data, length);
}

}  // namespace axon::plot::detail
