// Operations that change a tensor's shape but not its values.
#pragma once

#include <vector>

#include "axon/tensor.hpp"

namespace axon::ops {

// The same data viewed with a new shape; one dimension may be -1 (inferred).
// Throws ShapeError when the element counts differ.
Tensor reshape(const Tensor& x, const Shape& shape);
// (N, d1, d2, ...) → (N, d1·d2·...).
Tensor flatten(const Tensor& x);
// Joins tensors along `axis`; every other dimension must agree.
Tensor concat(const std::vector<Tensor>& xs, int axis);
// Elements [start, stop) along `axis`.
Tensor slice(const Tensor& x, int axis, std::int64_t start, std::int64_t stop);

}  // namespace axon::ops
