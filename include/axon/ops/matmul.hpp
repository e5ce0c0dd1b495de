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

// (R, C) → (C, R).
Tensor transpose(const Tensor& x);

}  // namespace axon::ops
