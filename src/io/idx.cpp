// IDX files through zlib's gz* interface, which reads gzip streams and (transparently) plain files.
#include "axon/io/idx.hpp"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "axon/error.hpp"

namespace axon {
namespace {

// A refusal to allocate for a corrupt header: the largest IDX payload this reader accepts.
constexpr std::uint64_t kMaxPayloadBytes = std::uint64_t{1} << 34;  // 16 GiB

class GzFile {
public:
    explicit GzFile(const std::string& path) : path_(path) {
        errno = 0;
        file_ = gzopen(path.c_str(), "rb");
        if (file_ == nullptr)
            throw IoError(fmt::format("read_idx: cannot open '{}': {}", path,
                                      errno != 0 ? std::strerror(errno) : "out of memory"));
        gzbuffer(file_, 1u << 17);
    }
    ~GzFile() { gzclose(file_); }
    GzFile(const GzFile&) = delete;
    GzFile& operator=(const GzFile&) = delete;

    // Reads up to n bytes into dst; fewer only at the end of the data. Throws IoError on a corrupt
    // gzip stream. A stream that stops early (truncated .gz) reads short and sets stream_ended_early().
    std::size_t read(void* dst, std::size_t n) {
        std::size_t done = 0;
        auto* out = static_cast<unsigned char*>(dst);
        while (done < n) {
            const unsigned chunk = static_cast<unsigned>(std::min<std::size_t>(n - done, std::size_t{1} << 24));
            const int got = gzread(file_, out + done, chunk);
            if (got < 0) check_error();
            if (got <= 0) break;
            done += static_cast<std::size_t>(got);
            offset_ += static_cast<std::uint64_t>(got);
        }
        check_error();
        return done;
    }

    bool stream_ended_early() const {
        int code = Z_OK;
        gzerror(file_, &code);
        return code == Z_BUF_ERROR;
    }
    std::uint64_t offset() const { return offset_; }

private:
    void check_error() const {
        int code = Z_OK;
        const char* message = gzerror(file_, &code);
        if (code == Z_OK || code == Z_BUF_ERROR) return;
        if (code == Z_ERRNO)
            throw IoError(fmt::format("read_idx: cannot read '{}' at offset {}: {}", path_, offset_, std::strerror(errno)));
        throw IoError(fmt::format("read_idx: '{}' is not a valid gzip stream (after {} decompressed bytes): {}", path_,
                                  offset_, message));
    }

    std::string path_;
    gzFile file_ = nullptr;
    std::uint64_t offset_ = 0;
};

std::uint32_t big_endian32(const unsigned char* p) {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | std::uint32_t{p[3]};
}

// The header and payload of one IDX file of unsigned bytes with `dims` dimensions.
struct IdxRaw {
    std::vector<std::uint64_t> sizes;  // dims sizes, sizes[0] = item count
    std::vector<std::uint8_t> data;
};

IdxRaw read_idx(const std::string& path, std::uint32_t magic, const char* kind) {
    GzFile file(path);
    const std::uint32_t dims = magic & 0xFFu;
    const std::size_t header_bytes = 4 * (1 + std::size_t{dims});
    unsigned char header[4 * 256];
    const std::size_t got_header = file.read(header, 4);
    if (got_header < 4)
        throw IoError(fmt::format("read_idx: '{}' is truncated: {} bytes, too short for the 4-byte magic number", path,
                                  got_header));
    const std::uint32_t found = big_endian32(header);
    if (found != magic)
        throw IoError(fmt::format("read_idx: '{}' has magic number 0x{:08X} at offset 0, expected 0x{:08X} ({}: unsigned "
                                  "bytes, {} dimension{})",
                                  path, found, magic, kind, dims, dims == 1 ? "" : "s"));
    const std::size_t got_sizes = file.read(header + 4, header_bytes - 4);
    if (got_sizes < header_bytes - 4)
        throw IoError(fmt::format("read_idx: '{}' is truncated: the header needs {} bytes, the file holds {}", path,
                                  header_bytes, 4 + got_sizes));
    IdxRaw raw;
    std::uint64_t item_bytes = 1;
    for (std::uint32_t k = 0; k < dims; ++k) {
        const std::uint64_t size = big_endian32(header + 4 + 4 * k);
        if (size == 0)
            throw IoError(fmt::format("read_idx: '{}' has size 0 in dimension {} of its header (offset {})", path, k,
                                      4 + 4 * k));
        raw.sizes.push_back(size);
        if (k > 0) item_bytes *= size;
    }
    const std::uint64_t count = raw.sizes[0];
    // Compared by division first: count · item_bytes can overflow 64 bits for a corrupt header.
    if (item_bytes > kMaxPayloadBytes || count > kMaxPayloadBytes / item_bytes)
        throw IoError(fmt::format("read_idx: '{}' header says {} items of {} bytes, more than the {} bytes this reader "
                                  "accepts; the header is probably corrupt",
                                  path, count, item_bytes, kMaxPayloadBytes));
    const std::uint64_t payload = count * item_bytes;
    // reserve() only maps address space; each chunk is touched as it is read, so a header that lies
    // about a huge count costs nothing before the truncation is found.
    raw.data.reserve(payload);
    constexpr std::size_t kChunk = std::size_t{1} << 22;
    while (raw.data.size() < payload) {
        const std::size_t old = raw.data.size();
        const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, payload - old));
        raw.data.resize(old + want);
        const std::size_t got = file.read(raw.data.data() + old, want);
        if (got < want) {
            raw.data.resize(old + got);
            break;
        }
    }
    if (raw.data.size() < payload) {
        const std::uint64_t held = raw.data.size();
        const std::uint64_t whole = held / item_bytes, rest = held % item_bytes;
        throw IoError(fmt::format(
            "read_idx: '{}' is truncated: header says {} items, file holds {}{} ({} bytes expected after the {}-byte "
            "header, {} found){}",
            path, count, whole, rest != 0 ? fmt::format(" and {} of the {} bytes of the next", rest, item_bytes) : "",
            payload, header_bytes, held, file.stream_ended_early() ? "; the gzip stream ends early" : ""));
    }
    unsigned char extra[4096];
    std::uint64_t trailing = 0;
    for (std::size_t got; (got = file.read(extra, sizeof extra)) > 0;) trailing += got;
    if (trailing > 0)
        throw IoError(fmt::format("read_idx: '{}' has {} bytes after its data: header says {} items ({} bytes after the "
                                  "{}-byte header)",
                                  path, trailing, count, payload, header_bytes));
    if (file.stream_ended_early())
        throw IoError(fmt::format("read_idx: '{}' is truncated: the gzip stream ends early (after {} bytes)", path,
                                  file.offset()));
    return raw;
}

}  // namespace

IdxImages read_idx_images(const std::string& path) {
    IdxRaw raw = read_idx(path, kIdxImagesMagic, "an image file");
    IdxImages images;
    images.count = static_cast<std::int64_t>(raw.sizes[0]);
    images.rows = static_cast<std::int64_t>(raw.sizes[1]);
    images.cols = static_cast<std::int64_t>(raw.sizes[2]);
    images.pixels = std::move(raw.data);
    return images;
}

std::vector<std::int32_t> read_idx_labels(const std::string& path, std::int64_t num_classes) {
    if (num_classes < 1 || num_classes > 256)
        throw ConfigError(fmt::format("read_idx_labels: num_classes must be in 1..256 (got {})", num_classes));
    IdxRaw raw = read_idx(path, kIdxLabelsMagic, "a label file");
    std::vector<std::int32_t> labels(raw.data.size());
    for (std::size_t i = 0; i < raw.data.size(); ++i) {
        if (raw.data[i] >= num_classes)
            throw IoError(fmt::format("read_idx: '{}' item {} (offset {}) has label {}, expected 0..{}", path, i, 8 + i,
                                      raw.data[i], num_classes - 1));
        labels[i] = raw.data[i];
    }
    return labels;
}

Dataset load_idx_pair(const std::string& images_path, const std::string& labels_path, const std::string& name,
                      std::int64_t num_classes) {
    IdxImages images = read_idx_images(images_path);
    std::vector<std::int32_t> labels = read_idx_labels(labels_path, num_classes);
    if (static_cast<std::int64_t>(labels.size()) != images.count)
        throw IoError(fmt::format("load_idx: '{}' holds {} images but '{}' holds {} labels", images_path, images.count,
                                  labels_path, labels.size()));
    Dataset d = Dataset::from_bytes(std::move(images.pixels), images.rows * images.cols, 1.0f / 255.0f,
                                    std::move(labels), num_classes, name);
    d.set_sample_shape({images.rows, images.cols});
    return d;
}

IdxSplits load_idx_dir(const std::string& dir, const std::string& name) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        throw IoError(fmt::format("load_idx_dir: '{}' is not a directory{}", dir,
                                  fs::exists(dir, ec) ? "" : ": No such file or directory"));
    auto find = [&](const std::string& base) {
        for (const std::string& candidate : {base, base + ".gz"}) {
            const fs::path p = fs::path(dir) / candidate;
            if (fs::is_regular_file(p, ec)) return p.string();
        }
        throw IoError(fmt::format("load_idx_dir: '{}' has no {} or {}.gz", dir, base, base));
    };
    std::string title = name;
    if (title.empty()) {
        std::string lower = fs::absolute(dir, ec).string();
        std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
        title = lower.find("fashion") != std::string::npos ? "Fashion-MNIST"
                : lower.find("mnist") != std::string::npos ? "MNIST"
                                                           : "IDX";
    }
    IdxSplits splits;
    splits.train = load_idx_pair(find("train-images-idx3-ubyte"), find("train-labels-idx1-ubyte"), title + " train");
    splits.test = load_idx_pair(find("t10k-images-idx3-ubyte"), find("t10k-labels-idx1-ubyte"), title + " test");
    return splits;
}

}  // namespace axon
