#include "axon/io/safetensors.hpp"

#include <cerrno>
#include <algorithm>
#include <cstring>
#include <fstream>

#include <fcntl.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "axon/error.hpp"

namespace axon {

using json = nlohmann::json;

const Tensor& SafetensorsFile::at(const std::string& name) const {
    for (const auto& t : tensors)
        if (t.name == name) return t.tensor;
    std::string names;
    for (const auto& t : tensors) names += (names.empty() ? "" : ", ") + t.name;
    throw IoError(fmt::format("safetensors: no tensor named '{}' (present: {})", name, names));
}

std::string safetensors_encode(const SafetensorsFile& file) {
    json header = json::object();
    std::uint64_t offset = 0;
    for (const auto& [name, t] : file.tensors) {
        const std::uint64_t bytes = static_cast<std::uint64_t>(t.numel()) * dtype_size(t.dtype());
        header[name] = {{"dtype", t.dtype() == DType::f64 ? "F64" : "F32"},
                        {"shape", t.shape()},
                        {"data_offsets", {offset, offset + bytes}}};
        offset += bytes;
    }
    if (!file.metadata.empty()) header["__metadata__"] = file.metadata;
    std::string text = header.dump();
    text.append((8 - text.size() % 8) % 8, ' ');  // the format pads the header to 8 bytes with spaces
    std::string out(8, '\0');
    std::uint64_t n = text.size();
    for (int i = 0; i < 8; ++i) out[static_cast<std::size_t>(i)] = static_cast<char>((n >> (8 * i)) & 0xff);
    out += text;
    for (const auto& [name, t] : file.tensors)
        out.append(static_cast<const char*>(t.raw_data()), static_cast<std::size_t>(t.numel()) * dtype_size(t.dtype()));
    return out;
}

SafetensorsFile safetensors_decode(const std::string& bytes, const std::string& source) {
    auto fail = [&](const std::string& what) { return IoError(fmt::format("safetensors: '{}' {}", source, what)); };
    if (bytes.size() < 8) throw fail(fmt::format("is truncated: {} bytes, the header length alone needs 8", bytes.size()));
    std::uint64_t n = 0;
    for (int i = 7; i >= 0; --i) n = (n << 8) | static_cast<unsigned char>(bytes[static_cast<std::size_t>(i)]);
    if (n > bytes.size() - 8)
        throw fail(fmt::format("is truncated: header length {} exceeds the {} bytes that follow", n, bytes.size() - 8));
    json header;
    try {
        header = json::parse(bytes.substr(8, n));
    } catch (const json::exception& e) {
        throw fail(fmt::format("has a malformed JSON header ({})", e.what()));
    }
    if (!header.is_object()) throw fail("has a JSON header that is not an object");
    const std::size_t data_begin = 8 + n;
    const std::uint64_t data_size = bytes.size() - data_begin;
    SafetensorsFile file;
    std::vector<std::pair<std::uint64_t, NamedTensor>> ordered;
    for (const auto& [name, entry] : header.items()) {
        try {
            if (name == "__metadata__") {
                for (const auto& [k, v] : entry.items()) file.metadata[k] = v.get<std::string>();
                continue;
            }
            const std::string dtype_text = entry.at("dtype").get<std::string>();
            DType dtype;
            if (dtype_text == "F32") dtype = DType::f32;
            else if (dtype_text == "F64") dtype = DType::f64;
            else throw fail(fmt::format("tensor '{}' has dtype {}; axon reads F32 and F64", name, dtype_text));
            Shape shape = entry.at("shape").get<Shape>();
            auto offsets = entry.at("data_offsets").get<std::vector<std::uint64_t>>();
            if (offsets.size() != 2 || offsets[0] > offsets[1] || offsets[1] > data_size)
                throw fail(fmt::format("tensor '{}' has data offsets outside the {} data bytes", name, data_size));
            for (auto d : shape)
                if (d < 0) throw fail(fmt::format("tensor '{}' has a negative dimension", name));
            const std::uint64_t expected = static_cast<std::uint64_t>(shape_numel(shape)) * dtype_size(dtype);
            if (offsets[1] - offsets[0] != expected)
                throw fail(fmt::format("tensor '{}' of shape {} needs {} bytes, offsets give {}", name, shape_str(shape),
                                       expected, offsets[1] - offsets[0]));
            Tensor t = Tensor::empty(shape, dtype);
            std::memcpy(t.raw_data(), bytes.data() + data_begin + offsets[0], expected);
            ordered.push_back({offsets[0], {name, t}});
        } catch (const json::exception& e) {
            throw fail(fmt::format("entry '{}' is malformed ({})", name, e.what()));
        }
    }
    std::sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [offset, t] : ordered) file.tensors.push_back(std::move(t));
    return file;
}

std::string read_file_bytes(const std::filesystem::path& path, const char* where) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw IoError(fmt::format("{}: cannot open '{}': {}", where, path.string(), std::strerror(errno)));
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) throw IoError(fmt::format("{}: error reading '{}'", where, path.string()));
    return bytes;
}

void write_file_atomically(const std::filesystem::path& path, const std::string& bytes, const char* where) {
    std::filesystem::path tmp = path;
    tmp += fmt::format(".tmp{}", static_cast<long>(::getpid()));
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) throw IoError(fmt::format("{}: cannot create '{}': {}", where, tmp.string(), std::strerror(errno)));
    std::size_t written = 0;
    while (written < bytes.size()) {
        ssize_t r = ::write(fd, bytes.data() + written, bytes.size() - written);
        if (r < 0) {
            if (errno == EINTR) continue;
            int err = errno;
            ::close(fd);
            std::filesystem::remove(tmp);
            throw IoError(fmt::format("{}: cannot write '{}': {}", where, tmp.string(), std::strerror(err)));
        }
        written += static_cast<std::size_t>(r);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        std::filesystem::remove(tmp);
        throw IoError(fmt::format("{}: cannot flush '{}': {}", where, tmp.string(), std::strerror(errno)));
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        std::filesystem::remove(tmp);
        throw IoError(fmt::format("{}: cannot rename '{}' to '{}': {}", where, tmp.string(), path.string(), ec.message()));
    }
}

void save_safetensors(const std::filesystem::path& path, const SafetensorsFile& file) {
    write_file_atomically(path, safetensors_encode(file), "save_safetensors");
}

SafetensorsFile load_safetensors(const std::filesystem::path& path) {
    return safetensors_decode(read_file_bytes(path, "load_safetensors"), path.string());
}

}  // namespace axon
