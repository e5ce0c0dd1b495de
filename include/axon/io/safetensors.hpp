// safetensors (https://github.com/huggingface/safetensors): an 8-byte little-endian header length,
// a JSON header {"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, "__metadata__": {..}},
// then the raw little-endian tensor bytes. axon reads and writes F32 and F64.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "axon/tensor.hpp"

namespace axon {

struct SafetensorsFile {
    std::vector<NamedTensor> tensors;            // in file order
    std::map<std::string, std::string> metadata;  // "__metadata__": string → string
    // The tensor called `name`; throws IoError listing the names present when there is none.
    const Tensor& at(const std::string& name) const;
};

// Serialises to bytes (for embedding in other containers, e.g. the model file).
std::string safetensors_encode(const SafetensorsFile& file);
// Parses bytes; `source` names them in error messages. Throws IoError on any inconsistency
// (short header, bad JSON, unknown dtype, offsets outside the data or overlapping, shape/size mismatch).
SafetensorsFile safetensors_decode(const std::string& bytes, const std::string& source);

// File versions. save writes a temporary file next to `path` and renames it, so a failure never
// leaves a half-written file behind.
void save_safetensors(const std::filesystem::path& path, const SafetensorsFile& file);
SafetensorsFile load_safetensors(const std::filesystem::path& path);

// Reads a whole file; throws IoError("<where>: cannot open '<path>': <reason>").
std::string read_file_bytes(const std::filesystem::path& path, const char* where);
// Writes bytes atomically (temporary file in the same directory, fsync, rename).
void write_file_atomically(const std::filesystem::path& path, const std::string& bytes, const char* where);

}  // namespace axon
