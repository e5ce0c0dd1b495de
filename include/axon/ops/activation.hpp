// The activations of the course (notes 000, 001, 003), elementwise unless stated otherwise.
// Each is differentiable; its derivative is written beside its forward in src/ops/.
#pragma once

#include "axon/tensor.hpp"

namespace axon::ops {

// Linear / identity: y = x.
Tensor identity(const Tensor& x);
// Heaviside step: y = 1 if x > 0 else 0. Its derivative is 0 everywhere it exists (and taken as 0
// at x = 0), so no gradient flows through a step: this is why the perceptron's step was replaced
// by the sigmoid for gradient descent (000).
Tensor step(const Tensor& x);
// σ(x) = 1 / (1 + e^−x), σ' = σ(1 − σ). Finite for every finite x (computed without overflow).
Tensor sigmoid(const Tensor& x);
// tanh(x) = 2σ(2x) − 1, tanh' = 1 − tanh².
Tensor tanh(const Tensor& x);
// max(0, x); derivative 1 for x > 0, else 0.
Tensor relu(const Tensor& x);
// x for x > 0, αx otherwise.
Tensor leaky_relu(const Tensor& x, double alpha = 0.01);
// x for x > 0, α(eˣ − 1) otherwise.
Tensor elu(const Tensor& x, double alpha = 1.0);

enum class GeluApproximation { none, tanh };
// GELU(x) = x·Φ(x), Φ the standard normal CDF, exactly via erf; or PyTorch's tanh approximation
// 0.5·x·(1 + tanh(√(2/π)(x + 0.044715x³))).
Tensor gelu(const Tensor& x, GeluApproximation approximation = GeluApproximation::none);

// softmax along `axis` (the class axis, last by default): e^(x − max) / Σ e^(x − max).
// Subtracting the row maximum (000) keeps every exponent ≤ 0, so logits of ±1e4 stay finite.
Tensor softmax(const Tensor& x, int axis = -1);
// log softmax = (x − max) − log Σ e^(x − max): finite where log(softmax(x)) would give −inf.
Tensor log_softmax(const Tensor& x, int axis = -1);

}  // namespace axon::ops
