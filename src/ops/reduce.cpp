// sum (all, along an axis), mean (composed), max (not differentiable), sum_to (broadcast reversal).
#include "axon/ops/reduce.hpp"

#include <algorithm>
#include <limits>

#include "axon/autograd.hpp"
#include "axon/ops/arithmetic.hpp"
#include "detail/broadcast.hpp"
#include "detail/dispatch.hpp"
#include "detail/elementwise.hpp"
#include "detail/sum.hpp"

namespace axon::ops {

using detail::dispatch;

namespace {

int normalise_axis(const Tensor& x, int axis, const char* op) { return detail::normalise_axis(axis, x.shape(), op); }

// View x as (outer, len, inner) around `axis`.
struct AxisSplit {
    std::int64_t outer = 1, len = 1, inner = 1;
};
AxisSplit split_at(const Shape& shape, int axis) {
    AxisSplit s;
    for (int i = 0; i < static_cast<int>(shape.size()); ++i) {
        if (i < axis) s.outer *= shape[static_cast<std::size_t>(i)];
        else if (i == axis) s.len = shape[static_cast<std::size_t>(i)];
        else s.inner *= shape[static_cast<std::size_t>(i)];
    }
    return s;
}

Shape reduced_shape(const Shape& shape, int axis, bool keepdim) {
    Shape out = shape;
    if (keepdim) out[static_cast<std::size_t>(axis)] = 1;
    else out.erase(out.begin() + axis);
    return out;
}

}  // namespace

Tensor sum_to(const Tensor& x, const Shape& shape) {
    if (x.shape() == shape) return x.clone();
    broadcast_shapes(shape, x.shape(), "sum_to");
    Tensor y = Tensor::zeros(shape, x.dtype());
    dispatch(x.dtype(), [&]<class T>() {
        const T* px = x.data<T>();
        T* py = y.data<T>();
        detail::broadcast_for_each(x.shape(), shape, x.shape(),
                                   [&](std::int64_t i, std::int64_t iy, std::int64_t) { py[iy] += px[i]; });
    });
    return y;
}

// ---- sum over everything ----------------------------------------------------------------
// y = Σ x    x: any shape, y: ()    saves: nothing;    dx += dy (broadcast)
struct SumAll final : Node {
    std::string_view name() const override { return "sum"; }
    Tensor forward(std::span<const Tensor> in) {
        const Tensor& x = in[0];
        Tensor y = Tensor::empty({}, x.dtype());
        dispatch(x.dtype(), [&]<class T>() {
            const T* px = x.data<T>();
            // Accumulate in double: float sums of 10⁵ terms lose digits that gradient checks see.
            y.data<T>()[0] = static_cast<T>(detail::sum_in_double(x.numel(), [px](std::int64_t i) { return px[i]; }));
        });
        return y;
    }
    void backward(const Tensor& dy, std::span<Tensor> dx) override {
        dispatch(dy.dtype(), [&]<class T>() {
            const T g = dy.data<T>()[0];
            T* pdx = dx[0].data<T>();
            const std::int64_t count = dx[0].numel();
            for (std::int64_t i = 0; i < count; ++i) pdx[i] += g;
        });
    }
};
Tensor sum(const Tensor& x) { return record<SumAll>({x}); }

// ---- sum along an axis --------------------------------------------------------------------
// y[o, i] = Σ_k x[o, k, i]    saves: the input shape;    dx[o, k, i] += dy[o, i]
struct SumAxis final : Node {
    int axis_;
    bool keepdim_;
    Shape x_shape_;
    SumAxis(int axis, bool keepdim) : axis_(axis), keepdim_(keepdim) {}
    std::string_view name() const override { return "sum_axis"; }
    Tensor forward(std::span<const Tensor> in) {
        const Tensor& x = in[0];
        x_shape_ = x.shape();
        AxisSplit s = split_at(x.shape(), axis_);
        Tensor y = Tensor::zeros(reduced_shape(x.shape(), axis_, keepdim_), x.dtype());
        dispatch(x.dtype(), [&]<class T>() {
            const T* px = x.data<T>();
            T* py = y.data<T>();
            for (std::int64_t o = 0; o < s.outer; ++o)
                for (std::int64_t k = 0; k < s.len; ++k)
                    for (std::int64_t i = 0; i < s.inner; ++i) py[o * s.inner + i] += px[(o * s.len + k) * s.inner + i];
        });
        return y;
    }
    void backward(const Tensor& dy, std::span<Tensor> dx) override {
        AxisSplit s = split_at(x_shape_, axis_);
        dispatch(dy.dtype(), [&]<class T>() {
            const T* pdy = dy.data<T>();
            T* pdx = dx[0].data<T>();
            for (std::int64_t o = 0; o < s.outer; ++o)
                for (std::int64_t k = 0; k < s.len; ++k)
                    for (std::int64_t i = 0; i < s.inner; ++i) pdx[(o * s.len + k) * s.inner + i] += pdy[o * s.inner + i];
        });
    }
};
Tensor sum(const Tensor& x, int axis, bool keepdim) {
    return record<SumAxis>({x}, normalise_axis(x, axis, "sum"), keepdim);
}

Tensor mean(const Tensor& x) {
    if (x.numel() == 0) throw ShapeError("mean: the tensor is empty (shape " + shape_str(x.shape()) + ")");
    return scale(sum(x), 1.0 / static_cast<double>(x.numel()));
}

Tensor mean(const Tensor& x, int axis, bool keepdim) {
    std::int64_t len = x.dim(normalise_axis(x, axis, "mean"));
    if (len == 0) throw ShapeError("mean: axis has size 0 (shape " + shape_str(x.shape()) + ")");
    return scale(sum(x, axis, keepdim), 1.0 / static_cast<double>(len));
}

Tensor max(const Tensor& x, int axis, bool keepdim) {
    int a = normalise_axis(x, axis, "max");
    AxisSplit s = split_at(x.shape(), a);
    if (s.len == 0) throw ShapeError("max: axis has size 0 (shape " + shape_str(x.shape()) + ")");
    Tensor y = Tensor::empty(reduced_shape(x.shape(), a, keepdim), x.dtype());
    dispatch(x.dtype(), [&]<class T>() {
        const T* px = x.data<T>();
        T* py = y.data<T>();
        for (std::int64_t o = 0; o < s.outer; ++o)
            for (std::int64_t i = 0; i < s.inner; ++i) {
                T best = -std::numeric_limits<T>::infinity();
                for (std::int64_t k = 0; k < s.len; ++k) best = std::max(best, px[(o * s.len + k) * s.inner + i]);
                py[o * s.inner + i] = best;
            }
    });
    return y;
}

}  // namespace axon::ops
