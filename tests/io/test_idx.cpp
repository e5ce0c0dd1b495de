#include <gtest/gtest.h>

#include <filesystem>
#include <numeric>

#include "axon/error.hpp"
#include "axon/io/idx.hpp"
#include "io/io_test_util.hpp"

namespace axon {
namespace {

using test::contains;
using test::message_of;
using test::TempDir;
using test::write_bytes;

using test::idx_images;
using test::idx_labels;

TEST(Idx, ReadsPlainAndGzipFilesAlike) {
    TempDir dir;
    for (bool gz : {false, true}) {
        const std::string images = dir.file(gz ? "i.gz" : "i"), labels = dir.file(gz ? "l.gz" : "l");
        write_bytes(images, idx_images(3, 2, 4), gz);
        write_bytes(labels, idx_labels({7, 0, 9}), gz);
        Dataset d = load_idx_pair(images, labels, "tiny");
        EXPECT_EQ(d.size(), 3);
        EXPECT_EQ(d.num_features(), 8);
        EXPECT_EQ(d.sample_shape(), (Shape{2, 4}));
        EXPECT_EQ(d.num_classes(), 10);
        EXPECT_TRUE(d.stores_bytes());
        EXPECT_EQ(std::vector<std::int32_t>(d.labels().begin(), d.labels().end()), (std::vector<std::int32_t>{7, 0, 9}));
        // row 2, feature 5 is payload byte 21, scaled by 1/255
        EXPECT_FLOAT_EQ(d.feature(2, 5), 21.0f / 255.0f);
        EXPECT_EQ(d.description(), "tiny, 3 × 8, 10 classes");
    }
}

TEST(Idx, TruncatedFileNamesFileAndCounts) {
    TempDir dir;
    for (bool gz : {false, true}) {
        auto bytes = idx_labels(std::vector<std::uint8_t>(100, 3));
        test::drop_tail(bytes, 10);  // 90 of 100 labels
        const std::string path = dir.file(gz ? "train-labels-idx1-ubyte.gz" : "train-labels-idx1-ubyte");
        write_bytes(path, bytes, gz);
        const auto msg = message_of<IoError>([&] { read_idx_labels(path); });
        EXPECT_TRUE(contains(msg, fmt::format("read_idx: '{}' is truncated: header says 100 items, file holds 90", path)));
    }
    // images: a partial last image is reported as such
    auto bytes = idx_images(5, 3, 3);
    test::drop_tail(bytes, 4);
    write_bytes(dir.file("img"), bytes, false);
    const auto msg = message_of<IoError>([&] { read_idx_images(dir.file("img")); });
    EXPECT_TRUE(contains(msg, "header says 5 items, file holds 4 and 5 of the 9 bytes of the next"));
    // a header cut short
    write_bytes(dir.file("short"), {0, 0, 8, 3, 0, 0}, false);
    EXPECT_TRUE(contains(message_of<IoError>([&] { read_idx_images(dir.file("short")); }),
                         "the header needs 16 bytes, the file holds 6"));
    write_bytes(dir.file("empty"), {}, false);
    EXPECT_TRUE(contains(message_of<IoError>([&] { read_idx_images(dir.file("empty")); }), fmt::format("'{}' is truncated", dir.file("empty"))));
}

TEST(Idx, TruncatedGzipStreamIsReported) {
    // The compressed bytes themselves cut short (a partial download), not the decompressed payload.
    TempDir dir;
    write_bytes(dir.file("full.gz"), idx_images(50, 28, 28), true);
    std::ifstream in(dir.file("full.gz"), std::ios::binary);
    std::vector<char> gz((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    test::drop_tail(gz, gz.size() / 2);
    std::ofstream(dir.file("cut.gz"), std::ios::binary).write(gz.data(), static_cast<std::streamsize>(gz.size()));
    const auto msg = message_of<IoError>([&] { read_idx_images(dir.file("cut.gz")); });
    EXPECT_TRUE(contains(msg, fmt::format("'{}' is truncated", dir.file("cut.gz"))));
    EXPECT_TRUE(contains(msg, "header says 50 items"));
}

TEST(Idx, TrailingBytesAreRejected) {
    TempDir dir;
    auto bytes = idx_labels({1, 2, 3});
    bytes.push_back(0);
    bytes.push_back(0);
    write_bytes(dir.file("l"), bytes, false);
    EXPECT_TRUE(contains(message_of<IoError>([&] { read_idx_labels(dir.file("l")); }),
                         "has 2 bytes after its data: header says 3 items"));
}

TEST(Idx, WrongMagicNamesFoundAndExpected) {
    TempDir dir;
    // a label file given where images are expected, and a float IDX file (type 0x0D)
    write_bytes(dir.file("labels-as-images"), idx_labels({1, 2}), false);
    auto msg = message_of<IoError>([&] { read_idx_images(dir.file("labels-as-images")); });
    EXPECT_TRUE(contains(msg, fmt::format("read_idx: '{}' has magic number 0x00000801 at offset 0, expected 0x00000803", dir.file("labels-as-images"))));
    write_bytes(dir.file("floats"), idx_labels({1, 2}, 0x00000D01), false);
    msg = message_of<IoError>([&] { read_idx_labels(dir.file("floats")); });
    EXPECT_TRUE(contains(msg, "magic number 0x00000D01 at offset 0, expected 0x00000801"));
}

TEST(Idx, ZeroDimensionIsRejected) {
    TempDir dir;
    write_bytes(dir.file("i"), idx_images(2, 0, 4), false);
    EXPECT_TRUE(contains(message_of<IoError>([&] { read_idx_images(dir.file("i")); }), "has size 0 in dimension 1"));
}

TEST(Idx, CorruptHugeHeaderFailsWithoutAllocatingIt) {
    TempDir dir;
    write_bytes(dir.file("i"), idx_images(1, 1, 1, kIdxImagesMagic), false);
    auto bytes = idx_images(1, 1, 1);
    bytes[4] = bytes[5] = bytes[6] = bytes[7] = 0xFF;  // count 2^32 − 1
    bytes[8] = bytes[9] = 0xFF;                       // rows ~ 4e9
    write_bytes(dir.file("huge"), bytes, false);
    EXPECT_TRUE(contains(message_of<IoError>([&] { read_idx_images(dir.file("huge")); }), "the header is probably corrupt"));
    bytes = idx_images(1, 1, 1);
    bytes[4] = 0x01;  // count 16777217 of 1 byte: plausible size, truncated
    write_bytes(dir.file("big"), bytes, false);
    EXPECT_TRUE(contains(message_of<IoError>([&] { read_idx_images(dir.file("big")); }),
                         "header says 16777217 items, file holds 1"));
}

TEST(Idx, LabelOutOfRangeNamesItemAndValue) {
    TempDir dir;
    write_bytes(dir.file("l"), idx_labels({1, 2, 3, 12, 4}), false);
    EXPECT_TRUE(contains(message_of<IoError>([&] { read_idx_labels(dir.file("l")); }),
                         fmt::format("read_idx: '{}' item 3 (offset 11) has label 12, expected 0..9", dir.file("l"))));
}

TEST(Idx, CountMismatchNamesBothFiles) {
    TempDir dir;
    write_bytes(dir.file("i"), idx_images(4, 2, 2), false);
    write_bytes(dir.file("l"), idx_labels({1, 2, 3}), false);
    const auto msg = message_of<IoError>([&] { load_idx_pair(dir.file("i"), dir.file("l"), "x"); });
    EXPECT_TRUE(contains(msg, fmt::format("'{}' holds 4 images but '{}' holds 3 labels", dir.file("i"), dir.file("l"))));
}

TEST(Idx, MissingFileAndDirectory) {
    TempDir dir;
    EXPECT_TRUE(contains(message_of<IoError>([&] { read_idx_images(dir.file("nope.gz")); }),
                         fmt::format("read_idx: cannot open '{}': No such file or directory", dir.file("nope.gz"))));
    EXPECT_TRUE(contains(message_of<IoError>([&] { load_idx_dir(dir.file("absent")); }),
                         fmt::format("load_idx_dir: '{}' is not a directory: No such file or directory", dir.file("absent"))));
    // three of the four files present
    write_bytes(dir.file("train-images-idx3-ubyte.gz"), idx_images(2, 2, 2), true);
    write_bytes(dir.file("train-labels-idx1-ubyte"), idx_labels({1, 2}), false);
    write_bytes(dir.file("t10k-images-idx3-ubyte"), idx_images(1, 2, 2), false);
    EXPECT_TRUE(contains(message_of<IoError>([&] { load_idx_dir(dir.str()); }),
                         fmt::format("'{}' has no t10k-labels-idx1-ubyte or t10k-labels-idx1-ubyte.gz", dir.str())));
    write_bytes(dir.file("t10k-labels-idx1-ubyte.gz"), idx_labels({5}), true);
    IdxSplits s = load_idx_dir(dir.str(), "Toy");
    EXPECT_EQ(s.train.size(), 2);
    EXPECT_EQ(s.test.size(), 1);
    EXPECT_EQ(s.test.labels()[0], 5);
    EXPECT_EQ(s.train.description(), "Toy train, 2 × 4, 10 classes");
}

// ---- the real data sets (skipped when they are not installed) ----

constexpr const char* kMnistDir = "/work/shared/datasets/mnist";
constexpr const char* kFashionDir = "/usr/share/datasets/fashion-mnist";

TEST(IdxRealData, MnistCountsShapeFirstLabelAndMemory) {
    if (!std::filesystem::is_directory(kMnistDir)) GTEST_SKIP() << "MNIST not found at " << kMnistDir;
    IdxSplits s = load_idx_dir(kMnistDir);
    EXPECT_EQ(s.train.size(), 60000);
    EXPECT_EQ(s.test.size(), 10000);
    EXPECT_EQ(s.train.sample_shape(), (Shape{28, 28}));
    EXPECT_EQ(s.train.num_features(), 784);
    EXPECT_EQ(s.train.num_classes(), 10);
    EXPECT_EQ(s.train.labels()[0], 5);  // the famous first "5"
    EXPECT_EQ(s.test.labels()[0], 7);
    EXPECT_EQ(s.train.description(), "MNIST train, 60000 × 784, 10 classes");
    // Bytes, not floats: 60000·784 pixel bytes + 60000 int32 labels (≈ 47.3 MB, not ≈ 188 MB).
    EXPECT_EQ(s.train.storage_bytes(), 60000u * 784u + 60000u * 4u);
    EXPECT_TRUE(s.train.stores_bytes());
    EXPECT_EQ(s.train.bytes().size(), 60000u * 784u);
    // Every label class occurs; pixel values are spread over 0..255.
    std::vector<int> counts(10, 0);
    for (auto y : s.train.labels()) ++counts[static_cast<std::size_t>(y)];
    for (int c : counts) EXPECT_GT(c, 5000);
    EXPECT_EQ(*std::max_element(s.train.bytes().begin(), s.train.bytes().end()), 255);
    // A batch is converted on the fly, scaled to [0, 1].
    std::vector<std::int64_t> idx = {0, 59999};
    Tensor x;
    std::vector<std::int32_t> y;
    s.train.gather_batch(idx, x, y);
    EXPECT_EQ(x.shape(), (Shape{2, 784}));
    EXPECT_EQ(y, (std::vector<std::int32_t>{5, s.train.labels()[59999]}));
    double ink = 0;
    for (std::int64_t j = 0; j < 784; ++j) {
        EXPECT_GE(x.at(j), 0.0);
        EXPECT_LE(x.at(j), 1.0);
        ink += x.at(j);
    }
    EXPECT_GT(ink, 50.0);  // a digit, not a blank image
}

TEST(IdxRealData, FashionMnistLoadsWithItsName) {
    if (!std::filesystem::is_directory(kFashionDir)) GTEST_SKIP() << "Fashion-MNIST not found at " << kFashionDir;
    IdxSplits s = load_idx_dir(kFashionDir);
    EXPECT_EQ(s.train.size(), 60000);
    EXPECT_EQ(s.test.size(), 10000);
    EXPECT_EQ(s.train.sample_shape(), (Shape{28, 28}));
    EXPECT_EQ(s.train.description(), "Fashion-MNIST train, 60000 × 784, 10 classes");
    EXPECT_EQ(s.test.description(), "Fashion-MNIST test, 10000 × 784, 10 classes");
    EXPECT_EQ(s.train.labels()[0], 9);  // an ankle boot
}

}  // namespace
}  // namespace axon
