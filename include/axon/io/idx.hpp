// The IDX reader for MNIST and Fashion-MNIST, gzip-compressed (.gz) or plain.
//
// Layout: a big-endian uint32 magic 0x000008DD (0x08 = unsigned bytes, DD = number of dimensions),
// then DD big-endian uint32 sizes, then the bytes row-major. Images are 0x00000803 (count, rows, cols),
// labels 0x00000801 (count). Every check names the file and the offending offset, count or value.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "axon/io/dataset.hpp"

namespace axon {

inline constexpr std::uint32_t kIdxImagesMagic = 0x00000803;
inline constexpr std::uint32_t kIdxLabelsMagic = 0x00000801;

struct IdxImages {
    std::vector<std::uint8_t> pixels;  // count · rows · cols bytes, image after image
    std::int64_t count = 0, rows = 0, cols = 0;
};

// Reads an image file. Throws IoError naming the file when it cannot be opened, has the wrong magic
// number, a zero dimension, a gzip stream that ends early, or a length that does not match the header
// ("read_idx: 'x' is truncated: header says 60000 items, file holds 59990").
IdxImages read_idx_images(const std::string& path);
// Reads a label file and checks that every label lies in [0, num_classes). Throws IoError as above,
// and naming the item and value of a label out of range.
std::vector<std::int32_t> read_idx_labels(const std::string& path, std::int64_t num_classes = 10);

// Images and labels of one split as a byte Dataset (scale 1/255, sample shape (rows, cols)).
// Throws IoError when the counts disagree. `name` goes into the description ("MNIST train").
Dataset load_idx_pair(const std::string& images_path, const std::string& labels_path, const std::string& name,
                      std::int64_t num_classes = 10);

struct IdxSplits {
    Dataset train;
    Dataset test;
};
// Loads the four standard files from `dir`: train-images-idx3-ubyte, train-labels-idx1-ubyte,
// t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte, each plain or with .gz (plain preferred when both
// exist). `name` prefixes the descriptions; when empty it is guessed from the directory
// ("Fashion-MNIST" when the path contains "fashion", "MNIST" when it contains "mnist", else "IDX").
// Throws IoError naming the directory and the file that is missing.
IdxSplits load_idx_dir(const std::string& dir, const std::string& name = "");

}  // namespace axon
