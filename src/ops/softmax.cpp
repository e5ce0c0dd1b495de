// softmax and log_softmax along one axis, with the maximum subtracted first (note 000), so that
// every exponent is ≤ 0 and logits of any finite size give finite results.
#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>

#include "axon/autograd.hpp"
#include "axon/ops/activation.hpp"
#include "detail/dispatch.hpp"

namespace axon::ops {

namespace {

// The axis in [0, ndim); negative counts from the end. A 0-d tensor is one row of length 1 (as
// in PyTorch, where softmax of a scalar is 1).
int softmax_axis(const Tensor& x, int axis, const char* op) {
    const int n = std::max(x.ndim(), 1);
    const int a = axis < 0 ? axis + n : axis;
    if (a < 0 || a >= n)
        throw ShapeError(fmt::format("{}: axis {} out of range for shape {}", op, axis, shape_str(x.shape())));
    return a;
}

// x seen as (outer, len, inner) around the axis: row (o, i) holds the `len` elements
// x[(o·len + k)·inner + i], k = 0..len−1, a stride of `inner` apart.
struct Rows {
    std::int64_t outer = 1, len = 1, inner = 1;
};
Rows rows_of(const Shape& shape, int axis) {
    Rows r;
    for (int d = 0; d < static_cast<int>(shape.size()); ++d) {
        const std::int64_t size = shape[static_cast<std::size_t>(d)];
        if (d < axis) r.outer *= size;
        else if (d == axis) r.len = size;
        else r.inner *= size;
    }
    return r;
}

// Calls f(base, stride) for every row. The last axis (inner = 1) gets a compile-time stride of 1,
// so that the row loops in f are contiguous and can vectorise.
template <class F>
void for_each_row(const Rows& r, F f) {
    if (r.inner == 1) {
        for (std::int64_t o = 0; o < r.outer; ++o) f(o * r.len, std::integral_constant<std::int64_t, 1>{});
        return;
    }
    for (std::int64_t o = 0; o < r.outer; ++o)
        for (std::int64_t i = 0; i < r.inner; ++i) f(o * r.len * r.inner + i, r.inner);
}

// softmax along each row: m = max_k x_k, y_k = e^(x_k − m) / Σ_j e^(x_j − m).
// Σ ≥ 1 (the maximum contributes e⁰ = 1), so the division is always safe.
template <class T>
void softmax_forward(const T* x, T* y, const Rows& r) {
    for_each_row(r, [&](std::int64_t base, auto stride) {
        const T* xr = x + base;
        T* yr = y + base;
        T m = -std::numeric_limits<T>::infinity();
        for (std::int64_t k = 0; k < r.len; ++k) m = std::max(m, xr[k * stride]);
        double total = 0;  // in double, as sum(): a float sum over a long axis drifts by ~len ulp
        for (std::int64_t k = 0; k < r.len; ++k) {
            const T e = std::exp(xr[k * stride] - m);
            yr[k * stride] = e;
            total += e;
        }
        const T inv_total = static_cast<T>(1.0 / total);
        for (std::int64_t k = 0; k < r.len; ++k) yr[k * stride] *= inv_total;
    });
}

// log_softmax along each row, with a = argmax_k x_k and m = x_a:
//   y_k = (x_k − m) − log1p(Σ_{j≠a} e^(x_j − m))
// Leaving the maximum's e⁰ = 1 out of the sum and using log1p keeps full relative precision where
// the log-probability is near 0 (a confident class: exactly where cross-entropy is small). The
// textbook log(1 + rest) rounds 1 + rest first and loses the digits of rest.
template <class T>
void log_softmax_forward(const T* x, T* y, const Rows& r) {
    if (r.len == 0) return;
    for_each_row(r, [&](std::int64_t base, auto stride) {
        const T* xr = x + base;
        T* yr = y + base;
        std::int64_t a = 0;
        for (std::int64_t k = 1; k < r.len; ++k)
            if (xr[k * stride] > xr[a * stride]) a = k;
        const T m = xr[a * stride];
        double rest = 0;
        auto shift = [&](std::int64_t k0, std::int64_t k1) {
            for (std::int64_t k = k0; k < k1; ++k) {
                const T shifted = xr[k * stride] - m;
                yr[k * stride] = shifted;
                rest += std::exp(shifted);
            }
        };
        shift(0, a);
        shift(a + 1, r.len);
        yr[a * stride] = xr[a * stride] - m;  // 0, or NaN when the maximum is ±inf
        const T log_total = static_cast<T>(std::log1p(rest));
        for (std::int64_t k = 0; k < r.len; ++k) yr[k * stride] -= log_total;
    });
}

}  // namespace

// ---- softmax ------------------------------------------------------------------------------
// y = e^(x − max) / Σ e^(x − max) along axis    x: any shape (e.g. logits (N, C)), y: same    saves: y
// The Jacobian of one row is diag(y) − y·yᵀ, so
// dx += y ⊙ (dy − Σ_axis(dy ⊙ y))
struct Softmax final : Node {
    int axis_;
    Tensor y_;
    explicit Softmax(int axis) : axis_(axis) {}
    std::string_view name() const override { return "softmax"; }
    Tensor forward(std::span<const Tensor> in) {
        const Tensor& x = in[0];
        Tensor y = Tensor::empty(x.shape(), x.dtype());
        detail::dispatch(x.dtype(), [&]<class T>() {
            softmax_forward(x.data<T>(), y.data<T>(), rows_of(x.shape(), axis_));
        });
        if (recording()) y_ = y.detach();
        return y;
    }
    void backward(const Tensor& dy, std::span<Tensor> dx) override {
        const Rows r = rows_of(y_.shape(), axis_);
        detail::dispatch(dy.dtype(), [&]<class T>() {
            const T* pdy = dy.data<T>();
            const T* py = y_.data<T>();
            T* pdx = dx[0].data<T>();
            for_each_row(r, [&](std::int64_t base, auto stride) {
                double sum = 0;
                for (std::int64_t k = 0; k < r.len; ++k) sum += pdy[base + k * stride] * py[base + k * stride];
                const T dot = static_cast<T>(sum);
                for (std::int64_t k = 0; k < r.len; ++k)
                    pdx[base + k * stride] += py[base + k * stride] * (pdy[base + k * stride] - dot);
            });
        });
    }
};
Tensor softmax(const Tensor& x, int axis) { return record<Softmax>({x}, softmax_axis(x, axis, "softmax")); }

// ---- log_softmax --------------------------------------------------------------------------
// y = (x − max) − log Σ e^(x − max) along axis    x: any shape, y: same    saves: y
// (computed as log1p of the sum without the maximum's term: see log_softmax_forward)
// NOTE: log(softmax(x)) underflows to −inf once a logit trails the maximum by ≳ 104 (float) or
// ≳ 745 (double); this form stays finite: log_softmax([1e4, 0]) = [0, −1e4].
// With softmax = e^y:
// dx += dy − e^y ⊙ Σ_axis dy
struct LogSoftmax final : Node {
    int axis_;
    Tensor y_;
    explicit LogSoftmax(int axis) : axis_(axis) {}
    std::string_view name() const override { return "log_softmax"; }
    Tensor forward(std::span<const Tensor> in) {
        const Tensor& x = in[0];
        Tensor y = Tensor::empty(x.shape(), x.dtype());
        detail::dispatch(x.dtype(), [&]<class T>() {
            log_softmax_forward(x.data<T>(), y.data<T>(), rows_of(x.shape(), axis_));
        });
        if (recording()) y_ = y.detach();
        return y;
    }
    void backward(const Tensor& dy, std::span<Tensor> dx) override {
        const Rows r = rows_of(y_.shape(), axis_);
        detail::dispatch(dy.dtype(), [&]<class T>() {
            const T* pdy = dy.data<T>();
            const T* py = y_.data<T>();
            T* pdx = dx[0].data<T>();
            for_each_row(r, [&](std::int64_t base, auto stride) {
                double sum = 0;
                for (std::int64_t k = 0; k < r.len; ++k) sum += pdy[base + k * stride];
                const T total = static_cast<T>(sum);
                for (std::int64_t k = 0; k < r.len; ++k)
                    pdx[base + k * stride] += pdy[base + k * stride] - std::exp(py[base + k * stride]) * total;
            });
        });
    }
};
Tensor log_softmax(const Tensor& x, int axis) {
    return record<LogSoftmax>({x}, softmax_axis(x, axis, "log_softmax"));
}

}  // namespace axon::ops
