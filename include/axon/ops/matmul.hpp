// Matrix products, computed by the BLAS library axon links (see src/detail/gemm.hpp).
#pragma once

#include "axon/tensor.hpp"

namespace axon::ops {

// (N, D) · (D, O) → (N, O). Throws ShapeError when the inner sizes differ or an input is not 2-D.
Tensor matmul(const Tensor& a, const Tensor& b);

// The fully connected layer's op, with PyTorch's weight layout:
//   y = x · wᵀ + b     x: (N, D), w: (O, D), b: (O,) or undefined, y: (N, O)
// backward: dx = dy · w, dw = dyᵀ · x, db = Σ_N dy. One fused node instead of three.
Tensor linear(const Tensor& x, const Tensor& w, const Tensor& b = Tensor());

// The activations that linear can apply in the same node: those whose derivative is a function of
// their output, so that backward needs neither the pre-activation nor a second pass to rebuild it.
enum class FusedActivation { relu, sigmoid, tanh };

// y = f(x · wᵀ + b): the values of relu/sigmoid/tanh(linear(x, w, b)) bit for bit, as one node that
// applies f while the product is in cache and keeps no (N, O) pre-activation for backward.
// Shapes and errors as linear's. Sequential uses it for a Linear layer followed by such an Activation.
Tensor linear(const Tensor& x, const Tensor& w, const Tensor& b, FusedActivation activation);

// (R, C) → (C, R).
Tensor transpose(const Tensor& x);

}  // namespace axon::ops
