#include "axon/io/model_file.hpp"

#include <cstring>

#include <zlib.h>

#include "axon/error.hpp"

namespace axon {

namespace {

constexpr char kMagic[8] = {'A', 'X', 'O', 'N', 'M', 'O', 'D', 'L'};
constexpr std::size_t kHeaderBytes = 8 + 4 + 4 + 8;

template <class U>
void put(std::string& out, U value) {
    for (std::size_t i = 0; i < sizeof(U); ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}
template <class U>
U get(const std::string& in, std::size_t offset) {
    U v = 0;
    for (std::size_t i = sizeof(U); i-- > 0;) v = static_cast<U>((v << 8) | static_cast<unsigned char>(in[offset + i]));
    return v;
}

std::uint32_t crc32_of(const std::string& bytes, std::size_t offset) {
    uLong crc = crc32(0L, Z_NULL, 0);
    const auto* p = reinterpret_cast<const Bytef*>(bytes.data() + offset);
    std::size_t left = bytes.size() - offset;
    while (left > 0) {  // zlib takes uInt lengths
        uInt chunk = static_cast<uInt>(std::min<std::size_t>(left, 1u << 30));
        crc = crc32(crc, p, chunk);
        p += chunk;
        left -= chunk;
    }
    return static_cast<std::uint32_t>(crc);
}

}  // namespace

void save_model_file(const std::filesystem::path& path, const ModelFile& file) {
    SafetensorsFile payload;
    payload.metadata = file.info;
    payload.metadata["architecture"] = file.architecture;
    payload.metadata["in_features"] = std::to_string(file.in_features);
    for (const auto& [name, t] : file.model_state) payload.tensors.push_back({"model." + name, t});
    for (const auto& [name, t] : file.optimizer_state) payload.tensors.push_back({"optim." + name, t});
    std::string body = safetensors_encode(payload);
    std::string out(kMagic, sizeof kMagic);
    put<std::uint32_t>(out, kModelFileVersion);
    put<std::uint32_t>(out, crc32_of(body, 0));
    put<std::uint64_t>(out, body.size());
    out += body;
    write_file_atomically(path, out, "save_model");
}

ModelFile load_model_file(const std::filesystem::path& path) {
    const std::string where = "load_model";
    std::string bytes = read_file_bytes(path, "load_model");
    const std::string name = path.string();
    if (bytes.size() < kHeaderBytes)
        throw IoError(fmt::format("{}: '{}' is truncated ({} bytes, the header alone needs {})", where, name,
                                  bytes.size(), kHeaderBytes));
    if (std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0)
        throw IoError(fmt::format("{}: '{}' is not an axon model file (wrong magic number)", where, name));
    const auto version = get<std::uint32_t>(bytes, 8);
    if (version != kModelFileVersion)
        throw IoError(fmt::format("{}: '{}' has format version {}, this axon reads version {}", where, name, version,
                                  kModelFileVersion));
    const auto expected_crc = get<std::uint32_t>(bytes, 12);
    const auto size = get<std::uint64_t>(bytes, 16);
    if (size != bytes.size() - kHeaderBytes)
        throw IoError(fmt::format("{}: '{}' is truncated or padded: header says {} payload bytes, file holds {}", where,
                                  name, size, bytes.size() - kHeaderBytes));
    if (crc32_of(bytes, kHeaderBytes) != expected_crc)
        throw IoError(fmt::format("{}: '{}' is corrupted (checksum mismatch)", where, name));
    SafetensorsFile payload = safetensors_decode(bytes.substr(kHeaderBytes), name);
    ModelFile file;
    file.info = payload.metadata;
    auto take = [&](const char* key) {
        auto it = file.info.find(key);
        if (it == file.info.end()) throw IoError(fmt::format("{}: '{}' has no '{}' entry", where, name, key));
        std::string v = it->second;
        file.info.erase(it);
        return v;
    };
    file.architecture = take("architecture");
    try {
        file.in_features = std::stoll(take("in_features"));
    } catch (const std::logic_error&) {
        throw IoError(fmt::format("{}: '{}' has a malformed in_features entry", where, name));
    }
    for (auto& [tensor_name, t] : payload.tensors) {
        if (tensor_name.rfind("model.", 0) == 0) file.model_state.push_back({tensor_name.substr(6), t});
        else if (tensor_name.rfind("optim.", 0) == 0) file.optimizer_state.push_back({tensor_name.substr(6), t});
    }
    return file;
}

std::vector<NamedTensor> state_dict(Module& model) {
    std::vector<NamedTensor> out;
    for (auto& p : model.named_parameters()) out.push_back({p.name, p.tensor.detach()});
    for (auto& b : model.named_buffers()) out.push_back({b.name, b.tensor.detach()});
    return out;
}

void load_state_dict(Module& model, const std::vector<NamedTensor>& state, const std::string& source) {
    auto find = [&](const std::string& n) -> const Tensor* {
        for (const auto& t : state)
            if (t.name == n) return &t.tensor;
        return nullptr;
    };
    auto targets = model.named_parameters();
    for (auto& b : model.named_buffers()) targets.push_back(b);
    for (auto& target : targets) {
        const Tensor* src = find(target.name);
        if (!src) throw IoError(fmt::format("load_state_dict: '{}' has no tensor '{}'", source, target.name));
        if (src->shape() != target.tensor.shape())
            throw IoError(fmt::format("load_state_dict: '{}' tensor '{}' has shape {}, the model expects {}", source,
                                      target.name, shape_str(src->shape()), shape_str(target.tensor.shape())));
        target.tensor.copy_from(src->to(target.tensor.dtype()));
    }
}

}  // namespace axon
