// The drawing libraries behind axon::plot (cairo for figures, Graphviz for network graphs), as one
// table of functions that turn a description into a picture's bytes.
//
// Why a table: cairo and Graphviz bring about twenty shared libraries (fontconfig, freetype, pango,
// X11, expat...) whose loading and relocation cost every start of a program that links them, ~12 ms
// of `axon --help`. A program that links axon::axon gets the renderer compiled in (linked.cpp); the
// axon CLI instead opens the module axon_draw.so (module.cpp) the first time a command draws
// (loader.cpp), so that commands that do not draw never load those libraries.
//
// Nothing but data crosses the table: no exception leaves a renderer function (a failure comes back
// as a RenderError and rethrow() turns it into the axon exception it was), and files are written by
// the caller (atomically), so the module holds no state a program must clean up.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "axon/plot/figure.hpp"

namespace axon::plot::detail {

enum class PictureFormat : std::uint8_t { png, svg };

// A failure inside the renderer, carried as data. Its message is final ("plot::save: ...").
struct RenderError {
    enum class Kind : std::uint8_t { none, config, io, other };
    Kind kind = Kind::none;
    std::string message;
};

struct Renderer {
    // The figure drawn as a whole PNG file or SVG document into `bytes`. `name` (the file it is
    // for) only appears in messages.
    RenderError (*draw_figure)(const Figure& figure, PictureFormat format, const std::string& name,
                               std::string& bytes) noexcept;
    // Where panel `panel_index` puts the data point (x, y), in pixels of the drawn figure. The index
    // is in range (the caller checks).
    RenderError (*locate)(const Figure& figure, std::size_t panel_index, double x, double y,
                          std::array<double, 2>& pixel) noexcept;
    // DOT text laid out by Graphviz's dot and drawn as a PNG file or SVG document into `bytes`.
    RenderError (*draw_dot)(const std::string& dot, PictureFormat format, const std::string& name,
                            std::string& bytes) noexcept;
};

// The renderer of this program: linked.cpp (compiled in) or loader.cpp (axon_draw.so, opened on the
// first call). Throws IoError when the module cannot be opened.
const Renderer& renderer();

// The cairo + Graphviz renderer itself (cairo_graphviz.cpp): what linked.cpp returns and what the
// module exports.
const Renderer& cairo_graphviz_renderer();

// Throws the axon exception `error` describes; returns when it describes no error.
void rethrow(const RenderError& error);

// The module's entry point and the name of the build it belongs to: the loader only uses a module
// built from the same axon version by the same compiler, since Figure crosses the table as a C++ object.
inline constexpr const char* kRendererModule = "axon_draw";
inline constexpr const char* kRendererEntry = "axon_renderer_v1";

}  // namespace axon::plot::detail
