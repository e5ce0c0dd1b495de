// A model's architecture as one readable line (the CLI's --arch, and what model files store).
//
// Grammar (spaces are ignored; names are case-sensitive):
//   architecture := layer ("," layer)*
//   layer        := SIZE                 a Linear layer with SIZE outputs, e.g. 256
//                 | "linear(" SIZE ")"   the same, spelled out
//                 | ACTIVATION           identity step sigmoid tanh relu gelu gelu_tanh softmax log_softmax
//                 | "leaky_relu(" α ")" | "elu(" α ")"
//                 | "dropout(" p ")"     inverted dropout;  "dropout(" p ",classic)" for note 003's form
//                 | "batchnorm"          BatchNorm1d over the current width
//                 | "flatten"
// Example: "256, relu, dropout(0.2), 128, batchnorm, tanh, 10". The input width comes from the data.
#pragma once

#include <memory>
#include <string>

#include "axon/layers/sequential.hpp"
#include "axon/random.hpp"

namespace axon {

// Builds the model for inputs of `in_features` columns. Throws ConfigError naming the offending
// token and its position when the string does not follow the grammar.
std::shared_ptr<Sequential> build_architecture(const std::string& architecture, std::int64_t in_features,
                                               Generator& generator = default_generator());

// The width of the model's output for `in_features` inputs (the last Linear's size).
std::int64_t output_width(const std::string& architecture, std::int64_t in_features);

// "--layers 256,128 --activation relu" for C outputs → "256, relu, 128, relu, C".
std::string mlp_architecture(const std::vector<std::int64_t>& hidden, const std::string& activation,
                             std::int64_t outputs);

}  // namespace axon
