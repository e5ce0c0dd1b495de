// Loops shared by the elementwise ops: map a function over a tensor, accumulate a gradient.
// The functions are generic lambdas, instantiated for float and double by dispatch().
#pragma once

#include <cmath>

#include "axon/error.hpp"
#include "axon/tensor.hpp"
#include "detail/dispatch.hpp"
#include "detail/multiversion.hpp"

namespace axon::detail {

inline void require_same_shape(const Tensor& a, const Tensor& b, const char* op) {
    if (a.shape() != b.shape())
        throw ShapeError(fmt::format("{}: shapes {} and {} differ", op, shape_str(a.shape()), shape_str(b.shape())));
    if (a.dtype() != b.dtype())
        throw ShapeError(fmt::format("{}: dtypes {} and {} differ (shapes {})", op, dtype_name(a.dtype()),
                                     dtype_name(b.dtype()), shape_str(a.shape())));
}

inline void require_same_dtype(const Tensor& a, const Tensor& b, const char* op) {
    if (a.dtype() != b.dtype())
        throw ShapeError(fmt::format("{}: dtypes {} and {} differ (shapes {} and {})", op, dtype_name(a.dtype()),
                                     dtype_name(b.dtype()), shape_str(a.shape()), shape_str(b.shape())));
}

inline void require_matrix(const Tensor& t, const char* op, const char* what) {
    if (t.ndim() != 2)
        throw ShapeError(fmt::format("{}: {} must be 2-D, got shape {}", op, what, shape_str(t.shape())));
}

// The axis as an index in [0, ndim); negative counts from the end. Throws ShapeError naming the op.
inline int normalise_axis(int axis, const Shape& shape, const char* op) {
    const int n = static_cast<int>(shape.size());
    const int a = axis < 0 ? axis + n : axis;
    if (a < 0 || a >= n)
        throw ShapeError(fmt::format("{}: axis {} out of range for shape {}", op, axis, shape_str(shape)));
    return a;
}

// The loops behind map, accumulate and add_into, compiled for each vector width (multiversion.hpp).
template <class T, class F>
AXON_MULTIVERSION void map_loop(const T* x, T* y, std::int64_t n, F f) {
    for (std::int64_t i = 0; i < n; ++i) y[i] = static_cast<T>(f(x[i]));
}
template <class T, class F>
AXON_MULTIVERSION void accumulate_loop(T* dx, const T* dy, const T* s, std::int64_t n, F f) {
    for (std::int64_t i = 0; i < n; ++i) dx[i] += static_cast<T>(f(dy[i], s[i]));
}

// y[i] = f(x[i])
template <class F>
Tensor map(const Tensor& x, F f) {
    Tensor y = Tensor::empty(x.shape(), x.dtype());
    dispatch(x.dtype(), [&]<class T>() { map_loop(x.data<T>(), y.data<T>(), x.numel(), f); });
    return y;
}

// dx[i] += f(dy[i], s[i]) — the usual shape of an elementwise backward, with s what forward saved.
template <class F>
void accumulate(Tensor& dx, const Tensor& dy, const Tensor& s, F f) {
    dispatch(dx.dtype(), [&]<class T>() { accumulate_loop(dx.data<T>(), dy.data<T>(), s.data<T>(), dx.numel(), f); });
}

// dx += a (same shape)
inline void add_into(Tensor& dx, const Tensor& a) {
    accumulate(dx, a, a, [](auto v, auto) { return v; });
}

}  // namespace axon::detail
