// Writing a file so that a reader never sees half of it: write a temporary file next to the target
// (same directory, so the rename stays on one file system), then rename it over the target.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace axon::plot::detail {

// "<dir>/.<name>.tmp-<pid>-<counter>": unique per process and call.
std::filesystem::path temporary_path_for(const std::filesystem::path& path);

// Renames `temporary` to `path`; on failure removes `temporary` and throws IoError naming `where`.
void replace_with(const std::filesystem::path& temporary, const std::filesystem::path& path, std::string_view where);

// Writes `bytes` to `path` atomically (temporary file + rename). Throws IoError.
void write_atomically(const std::filesystem::path& path, std::string_view bytes, std::string_view where);

// The extension in lower case, with its dot (".png").
std::string lower_extension(const std::filesystem::path& path);

}  // namespace axon::plot::detail
