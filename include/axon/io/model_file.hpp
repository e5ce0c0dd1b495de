// axon's model file: architecture, weights, and (for checkpoints) optimiser state, RNG state,
// epoch and step, in one versioned binary file with a checksum.
//
// Layout: "AXONMODL" | u32 version | u32 CRC-32 of the payload | u64 payload size | payload,
// little-endian, where the payload is a safetensors document (io/safetensors.hpp) whose tensors are
// "model.<state_dict name>" and "optim.<name>", and whose metadata holds the rest as strings.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "axon/io/safetensors.hpp"
#include "axon/layers/sequential.hpp"

namespace axon {

inline constexpr std::uint32_t kModelFileVersion = 1;

struct ModelFile {
    std::string architecture;  // layers/architecture.hpp grammar
    std::int64_t in_features = 0;
    std::vector<NamedTensor> model_state;      // parameters then buffers, PyTorch names
    std::vector<NamedTensor> optimizer_state;  // empty for a plain model
    std::map<std::string, std::string> info;   // settings, metrics, rng state, epoch, step (JSON or plain strings)
};

// Writes atomically (temporary file, then rename). Throws IoError.
void save_model_file(const std::filesystem::path& path, const ModelFile& file);
// Throws IoError naming the file for a missing file, a wrong magic number, an unsupported version,
// a truncated file or a checksum mismatch.
ModelFile load_model_file(const std::filesystem::path& path);

// The model's parameters and buffers by name, for a ModelFile or a safetensors export.
std::vector<NamedTensor> state_dict(Module& model);
// Copies tensors into the model's parameters and buffers by name. Throws IoError naming the first
// missing tensor or a shape/dtype mismatch; float64 tensors load into float32 models by conversion.
void load_state_dict(Module& model, const std::vector<NamedTensor>& state, const std::string& source);

}  // namespace axon
