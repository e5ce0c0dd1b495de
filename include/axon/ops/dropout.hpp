// The ops behind Dropout (note 003, Srivastava et al. 2014): a random keep-mask and the
// differentiable product of an input with a fixed mask. Splitting the two lets tests fix the mask.
#pragma once

#include "axon/random.hpp"
#include "axon/tensor.hpp"

namespace axon::ops {

// A keep-mask of `shape`: each element is 1 with probability 1 − p and 0 with probability p,
// drawn independently from `generator` (one uniform per element, in row-major order, so a seed
// fixes the mask bit for bit). Not part of any graph.
// Requires 0 ≤ p < 1; throws ConfigError otherwise.
Tensor dropout_mask(const Shape& shape, double p, DType dtype = DType::f32, Generator& generator = default_generator());

// y = x ⊙ mask · scale    x, mask: same shape and dtype, y: that shape; scale a constant.
// Differentiable in x only (the mask is a constant): dx += dy ⊙ mask · scale.
// Inverted dropout is masked_scale(x, mask, 1/(1−p)); PyTorch computes the same x * mask / (1 − p).
// Throws ShapeError naming both shapes when x and mask differ in shape or dtype.
Tensor masked_scale(const Tensor& x, const Tensor& mask, double scale);

}  // namespace axon::ops
