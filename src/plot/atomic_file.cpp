#include "plot/atomic_file.hpp"

#include <unistd.h>

#include <atomic>
#include <cctype>
#include <fstream>

#include <fmt/format.h>

#include "axon/error.hpp"

namespace axon::plot::detail {

std::filesystem::path temporary_path_for(const std::filesystem::path& path) {
    static std::atomic<unsigned> counter{0};
    auto name = fmt::format(".{}.tmp-{}-{}", path.filename().string(), static_cast<long>(::getpid()), counter++);
    return path.parent_path() / name;
}

void replace_with(const std::filesystem::path& temporary, const std::filesystem::path& path, std::string_view where) {
    std::error_code error;
    std::filesystem::rename(temporary, path, error);
    if (error) {
        std::filesystem::remove(temporary, error);
        throw IoError(fmt::format("{}: cannot rename the temporary file to {} ({})", where, path.string(), error.message()));
    }
}

void write_atomically(const std::filesystem::path& path, std::string_view bytes, std::string_view where) {
    auto temporary = temporary_path_for(path);
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (!out) throw IoError(fmt::format("{}: cannot write {} (cannot create a file in that directory)", where, path.string()));
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.close();
        if (!out) {
            std::error_code ignored;
            std::filesystem::remove(temporary, ignored);
            throw IoError(fmt::format("{}: cannot write {} (write failed)", where, path.string()));
        }
    }
    replace_with(temporary, path, where);
}

std::string lower_extension(const std::filesystem::path& path) {
    auto extension = path.extension().string();
    for (auto& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return extension;
}

}  // namespace axon::plot::detail
