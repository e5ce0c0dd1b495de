#include "plot/picture_file.hpp"

#include <cctype>
#include <string>

#include <fmt/format.h>

#include "axon/error.hpp"

namespace axon::plot::detail {

PictureFormat picture_format(const std::filesystem::path& path, std::string_view where) {
    auto extension = path.extension().string();
    for (auto& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (extension == ".png") return PictureFormat::png;
    if (extension == ".svg") return PictureFormat::svg;
    throw ConfigError(fmt::format("{}: unknown picture format '{}' ({}); use .png or .svg", where, extension, path.string()));
}

}  // namespace axon::plot::detail
