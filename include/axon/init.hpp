// Parameter initialisers, as torch.nn.init: each fills a tensor in place (outside any graph) and
// returns it. Random ones draw from an axon::Generator, so a seed makes them reproducible bit for bit.
//
// Fans follow PyTorch: for a weight of shape (O, D, K...) fan_in = D·∏K and fan_out = O·∏K, so a
// Linear weight (O, D) has fan_in = D and fan_out = O. Tensors with fewer than 2 dimensions have no
// fans: the fan-based initialisers throw ShapeError for them.
#pragma once

#include <cstdint>
#include <string_view>

#include "axon/random.hpp"
#include "axon/tensor.hpp"

namespace axon::init {

// The fan that Kaiming initialisation preserves: fan_in keeps the forward variance, fan_out the backward.
enum class FanMode : std::uint8_t { fan_in, fan_out };

// The nonlinearity that follows a layer, for calculate_gain.
enum class Nonlinearity : std::uint8_t { linear, sigmoid, tanh, relu, leaky_relu, selu };

// "linear", "identity", "sigmoid", "tanh", "relu", "leaky_relu", "selu" (as torch.nn.init.calculate_gain).
// Throws ConfigError naming the unknown name.
Nonlinearity nonlinearity_from_name(std::string_view name);

// The recommended gain for a nonlinearity (torch.nn.init.calculate_gain):
//   linear, sigmoid 1;  tanh 5/3;  relu √2;  leaky_relu √(2 / (1 + slope²));  selu 3/4.
// `slope` is leaky_relu's negative slope (PyTorch's default 0.01) and is ignored otherwise.
double calculate_gain(Nonlinearity nonlinearity, double slope = 0.01);

struct Fans {
    std::int64_t fan_in = 0;
    std::int64_t fan_out = 0;
};
// PyTorch's _calculate_fan_in_and_fan_out. Throws ShapeError for fewer than 2 dimensions.
Fans compute_fans(const Shape& shape);

// Every element = 0, or = value.
Tensor zeros_(Tensor t);
Tensor ones_(Tensor t);
Tensor constant_(Tensor t, double value);

// Uniform in [lo, hi). Throws ConfigError unless lo ≤ hi.
Tensor uniform_(Tensor t, double lo = 0.0, double hi = 1.0, Generator& generator = default_generator());
// Normal with `mean` and standard deviation `stddev`. Throws ConfigError when stddev < 0.
Tensor normal_(Tensor t, double mean = 0.0, double stddev = 1.0, Generator& generator = default_generator());

// Glorot & Bengio (2010): std = gain·√(2 / (fan_in + fan_out)).
//   uniform: U(−a, a) with a = √3·std;   normal: N(0, std²).
Tensor xavier_uniform_(Tensor t, double gain = 1.0, Generator& generator = default_generator());
Tensor xavier_normal_(Tensor t, double gain = 1.0, Generator& generator = default_generator());

// He et al. (2015): std = gain / √fan with gain = calculate_gain(nonlinearity, a) and fan chosen by mode.
//   uniform: U(−bound, bound) with bound = √3·std;   normal: N(0, std²).
// PyTorch's defaults (a = 0, fan_in, leaky_relu) give gain √2, i.e. He initialisation for ReLU.
// NOTE: Linear's default is kaiming_uniform_ with a = √5, i.e. bound = 1/√D; Linear computes 1/√D
// directly, which can differ from √3·√(1/3)/√D in the last bit.
struct KaimingOptions {
    double a = 0.0;  // negative slope of the leaky_relu that follows (used only for leaky_relu)
    FanMode mode = FanMode::fan_in;
    Nonlinearity nonlinearity = Nonlinearity::leaky_relu;
};
Tensor kaiming_uniform_(Tensor t, KaimingOptions options = {}, Generator& generator = default_generator());
Tensor kaiming_normal_(Tensor t, KaimingOptions options = {}, Generator& generator = default_generator());

}  // namespace axon::init
