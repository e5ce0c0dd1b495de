// A picture's file: its format from the name. Pictures are written with write_file_atomically
// (axon/io/safetensors.hpp), so that a reader never sees half of one.
#pragma once

#include <filesystem>
#include <string_view>

#include "plot/render/renderer.hpp"

namespace axon::plot::detail {

// ".png" or ".svg" in any case. Throws ConfigError("<where>: unknown picture format ...") otherwise.
PictureFormat picture_format(const std::filesystem::path& path, std::string_view where);

}  // namespace axon::plot::detail
