// Sums and means, over everything or along one axis.
#pragma once

#include "axon/tensor.hpp"

namespace axon::ops {

// Sum of every element: shape ().
Tensor sum(const Tensor& x);
// Sum along `axis` (negative counts from the end). keepdim keeps that axis with size 1.
Tensor sum(const Tensor& x, int axis, bool keepdim = false);
// Mean: the sum times 1/n (composed, so it has no backward of its own).
Tensor mean(const Tensor& x);
Tensor mean(const Tensor& x, int axis, bool keepdim = false);
// Largest element along `axis`, not differentiable (used for argmax and stable softmax).
Tensor max(const Tensor& x, int axis, bool keepdim = false);

// The sum of `x` over the dimensions along which it was broadcast to reach its shape from `shape`:
// the reverse of broadcasting, used by the backward of broadcasting ops. Not recorded.
Tensor sum_to(const Tensor& x, const Shape& shape);

}  // namespace axon::ops
