// Elementwise arithmetic with NumPy broadcasting, and the elementwise functions exp, log, pow.
//
// Broadcasting: shapes are aligned at their last dimension; each pair of sizes must be equal or
// one of them 1 (so a bias row (O,) adds to every row of (N, O)). Backward sums the gradient
// over the broadcast dimensions. Both inputs must have the same dtype.
// Throws ShapeError naming the op and both shapes when they do not broadcast.
#pragma once

#include "axon/tensor.hpp"

namespace axon::ops {

Tensor add(const Tensor& a, const Tensor& b);
Tensor sub(const Tensor& a, const Tensor& b);  // a + (-b)
Tensor mul(const Tensor& a, const Tensor& b);
Tensor div(const Tensor& a, const Tensor& b);
Tensor neg(const Tensor& x);

// x ⊙ s and x + s for a constant s (not differentiated).
Tensor scale(const Tensor& x, double s);
Tensor add_scalar(const Tensor& x, double s);

Tensor exp(const Tensor& x);
// Natural log. Inputs ≤ 0 give -inf/NaN as in IEEE arithmetic; losses use stable forms instead.
Tensor log(const Tensor& x);
// x^p elementwise for a constant exponent p; d/dx = p·x^(p−1).
Tensor pow(const Tensor& x, double p);
Tensor sqrt(const Tensor& x);
Tensor abs(const Tensor& x);  // derivative sign(x), 0 at 0

// The shape both inputs broadcast to; throws ShapeError("<op>: shapes (..) and (..) do not broadcast").
Shape broadcast_shapes(const Shape& a, const Shape& b, const char* op);

}  // namespace axon::ops

namespace axon {
inline Tensor operator+(const Tensor& a, const Tensor& b) { return ops::add(a, b); }
inline Tensor operator-(const Tensor& a, const Tensor& b) { return ops::sub(a, b); }
inline Tensor operator*(const Tensor& a, const Tensor& b) { return ops::mul(a, b); }
inline Tensor operator/(const Tensor& a, const Tensor& b) { return ops::div(a, b); }
inline Tensor operator-(const Tensor& x) { return ops::neg(x); }
inline Tensor operator*(const Tensor& x, double s) { return ops::scale(x, s); }
inline Tensor operator*(double s, const Tensor& x) { return ops::scale(x, s); }
inline Tensor operator/(const Tensor& x, double s) { return ops::scale(x, 1.0 / s); }
inline Tensor operator+(const Tensor& x, double s) { return ops::add_scalar(x, s); }
inline Tensor operator+(double s, const Tensor& x) { return ops::add_scalar(x, s); }
inline Tensor operator-(const Tensor& x, double s) { return ops::add_scalar(x, -s); }
inline Tensor operator-(double s, const Tensor& x) { return ops::add_scalar(ops::neg(x), s); }
}  // namespace axon
