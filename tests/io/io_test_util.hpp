// Helpers for the data-layer tests: a private temporary directory, file writers, and catching an
// exception of an exact class to inspect its message.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "axon/io/idx.hpp"

namespace axon::test {

// A fresh directory under the system temp dir, removed with everything in it at scope exit.
class TempDir {
public:
    TempDir() {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        path_ = std::filesystem::temp_directory_path() /
                (std::string("axon_io_") + info->test_suite_name() + "_" + info->name() + "_" + std::to_string(::getpid()));
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    std::string file(const std::string& name) const { return (path_ / name).string(); }
    std::string str() const { return path_.string(); }

private:
    std::filesystem::path path_;
};

inline void write_file(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
}

inline void write_bytes(const std::string& path, const std::vector<std::uint8_t>& bytes, bool gzip) {
    if (gzip) {
        gzFile f = gzopen(path.c_str(), "wb");
        ASSERT_NE(f, nullptr) << path;
        if (!bytes.empty()) {
            ASSERT_EQ(gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size())), static_cast<int>(bytes.size()));
        }
        gzclose(f);
    } else {
        std::ofstream out(path, std::ios::binary);
        out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    }
}

// Runs f, expects it to throw exactly E (not a sibling class), and returns the message ("" on failure).
template <class E, class F>
std::string message_of(F&& f) {
    try {
        f();
    } catch (const E& e) {
        return e.what();
    } catch (const std::exception& e) {
        ADD_FAILURE() << "threw another exception class: " << e.what();
        return "";
    }
    ADD_FAILURE() << "did not throw";
    return "";
}

inline ::testing::AssertionResult contains(const std::string& text, const std::string& part) {
    if (text.find(part) != std::string::npos) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "'" << text << "' does not contain '" << part << "'";
}

// Cuts the last `count` bytes off, to make truncated files. By erase rather than resize: GCC 12 at -O1
// (the sanitize build) warns that resize's growth branch could overflow (-Wstringop-overflow), a branch
// that cannot be taken when the size shrinks.
template <class Byte>
void drop_tail(std::vector<Byte>& bytes, std::size_t count) {
    bytes.erase(bytes.end() - static_cast<std::ptrdiff_t>(count), bytes.end());
}

// IDX files as bytes (big-endian header, then the payload), for the reader's and the CLI's tests.
inline void append_be32(std::vector<std::uint8_t>& out, std::uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(v >> shift));
}

// An image file of `count` images of rows × cols; pixel k of the payload is k mod 251.
inline std::vector<std::uint8_t> idx_images(std::uint32_t count, std::uint32_t rows, std::uint32_t cols,
                                            std::uint32_t magic = kIdxImagesMagic) {
    std::vector<std::uint8_t> out;
    append_be32(out, magic);
    append_be32(out, count);
    append_be32(out, rows);
    append_be32(out, cols);
    for (std::uint32_t k = 0; k < count * rows * cols; ++k) out.push_back(static_cast<std::uint8_t>(k % 251));
    return out;
}

inline std::vector<std::uint8_t> idx_labels(const std::vector<std::uint8_t>& labels,
                                            std::uint32_t magic = kIdxLabelsMagic) {
    std::vector<std::uint8_t> out;
    append_be32(out, magic);
    append_be32(out, static_cast<std::uint32_t>(labels.size()));
    out.insert(out.end(), labels.begin(), labels.end());
    return out;
}

}  // namespace axon::test
