// plot::Figure's public side: the checks of a figure and of its file name, and the
// atomic write of what the renderer (plot/render/, cairo) draws.
#include "axon/plot/figure.hpp"

#include <fmt/format.h>

#include "axon/error.hpp"
#include "axon/io/safetensors.hpp"
#include "plot/picture_file.hpp"
#include "plot/render/renderer.hpp"

namespace axon::plot {

void save(const Figure& figure, const std::filesystem::path& path) {
    const auto format = detail::picture_format(path, "plot::save");
    if (figure.panels.empty()) throw ConfigError(fmt::format("plot::save: the figure has no panels ({})", path.string()));
    if (figure.panel_width < 40 || figure.panel_height < 40)
        throw ConfigError(fmt::format("plot::save: panels of {} × {} px are too small (at least 40 × 40)",
                                      figure.panel_width, figure.panel_height));
    std::string bytes;
    detail::rethrow(detail::renderer().draw_figure(figure, format, path.string(), bytes));
    write_file_atomically(path, bytes, "plot::save");
}

std::array<double, 2> data_to_pixel(const Figure& figure, std::size_t panel_index, double x, double y) {
    if (panel_index >= figure.panels.size())
        throw ConfigError(fmt::format("plot::data_to_pixel: panel {} of a figure of {}", panel_index, figure.panels.size()));
    std::array<double, 2> pixel{};
    detail::rethrow(detail::renderer().locate(figure, panel_index, x, y, pixel));
    return pixel;
}

std::vector<std::filesystem::path> save_png_and_svg(const Figure& figure, const std::filesystem::path& stem) {
    auto png = stem;
    png += ".png";
    auto svg = stem;
    svg += ".svg";
    save(figure, png);
    save(figure, svg);
    return {png, svg};
}

namespace detail {

void rethrow(const RenderError& error) {
    switch (error.kind) {
        case RenderError::Kind::none: return;
        case RenderError::Kind::config: throw ConfigError(error.message);
        case RenderError::Kind::io: throw IoError(error.message);
        case RenderError::Kind::other: throw Error(error.message);
    }
}

}  // namespace detail

}  // namespace axon::plot
