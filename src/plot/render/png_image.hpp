// Reading a PNG back as pixels (cairo's PNG reader), for tests that check where the renderer put
// colours. Private to axon (src/): the public API writes pictures, it does not read them.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <vector>

namespace axon::plot::detail {

struct PngImage {
    int width = 0, height = 0;
    std::vector<std::uint32_t> argb;  // height × width, row-major, 0xAARRGGBB premultiplied

    // (r, g, b) in 0..255 of the pixel in column x, row y (row 0 at the top).
    std::array<int, 3> rgb(int x, int y) const;
};

// Throws IoError when the file is missing or not a PNG.
PngImage read_png(const std::filesystem::path& path);

}  // namespace axon::plot::detail
