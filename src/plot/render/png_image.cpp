#include "plot/render/png_image.hpp"

#include <cairo.h>

#include <memory>

#include <fmt/format.h>

#include "axon/error.hpp"

namespace axon::plot::detail {

std::array<int, 3> PngImage::rgb(int x, int y) const {
    auto v = argb.at(static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + static_cast<std::size_t>(x));
    return {static_cast<int>((v >> 16) & 255), static_cast<int>((v >> 8) & 255), static_cast<int>(v & 255)};
}

PngImage read_png(const std::filesystem::path& path) {
    std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface(
        cairo_image_surface_create_from_png(path.c_str()), cairo_surface_destroy);
    auto status = cairo_surface_status(surface.get());
    if (status != CAIRO_STATUS_SUCCESS)
        throw IoError(fmt::format("plot::read_png: cannot read {} ({})", path.string(), cairo_status_to_string(status)));
    cairo_surface_flush(surface.get());
    PngImage image;
    image.width = cairo_image_surface_get_width(surface.get());
    image.height = cairo_image_surface_get_height(surface.get());
    const auto* data = cairo_image_surface_get_data(surface.get());
    int stride = cairo_image_surface_get_stride(surface.get());
    image.argb.resize(static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height));
    bool has_alpha = cairo_image_surface_get_format(surface.get()) == CAIRO_FORMAT_ARGB32;
    for (int y = 0; y < image.height; ++y) {
        const auto* row = reinterpret_cast<const std::uint32_t*>(data + static_cast<std::ptrdiff_t>(y) * stride);
        for (int x = 0; x < image.width; ++x)
            image.argb[static_cast<std::size_t>(y) * static_cast<std::size_t>(image.width) + static_cast<std::size_t>(x)] =
                has_alpha ? row[x] : (row[x] | 0xff000000u);
    }
    return image;
}

}  // namespace axon::plot::detail
