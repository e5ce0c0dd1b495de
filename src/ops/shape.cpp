// reshape, flatten, concat, slice: moving values without changing them.
#include "axon/ops/shape.hpp"

#include <cstring>

#include "axon/autograd.hpp"
#include "detail/elementwise.hpp"
#include "detail/tensor_impl.hpp"

namespace axon::ops {

namespace {

Shape resolve_shape(const Tensor& x, Shape shape) {
    std::int64_t known = 1;
    int inferred = -1;
    for (std::size_t i = 0; i < shape.size(); ++i) {
        if (shape[i] == -1) {
            if (inferred >= 0) throw ShapeError("reshape: more than one -1 in " + shape_str(shape));
            inferred = static_cast<int>(i);
        } else {
            known *= shape[i];
        }
    }
    if (inferred >= 0 && known > 0 && x.numel() % known == 0) shape[static_cast<std::size_t>(inferred)] = x.numel() / known;
    if (shape_numel(shape) != x.numel())
        throw ShapeError(fmt::format("reshape: cannot view shape {} ({} elements) as {}", shape_str(x.shape()),
                                     x.numel(), shape_str(shape)));
    return shape;
}

// A new tensor sharing x's storage with another shape.
Tensor view(const Tensor& x, const Shape& shape) {
    Tensor y = x.detach();
    detail::set_shape(*y.impl(), shape);
    return y;
}


// (outer, len·inner) blocks around an axis: rows of `len * inner` contiguous elements.
std::int64_t outer_size(const Shape& s, int axis) {
    std::int64_t n = 1;
    for (int i = 0; i < axis; ++i) n *= s[static_cast<std::size_t>(i)];
    return n;
}
std::int64_t inner_size(const Shape& s, int axis) {
    std::int64_t n = 1;
    for (std::size_t i = static_cast<std::size_t>(axis) + 1; i < s.size(); ++i) n *= s[i];
    return n;
}

}  // namespace

// ---- reshape ------------------------------------------------------------------------------
// y = x viewed as `shape`    saves: nothing;    dx += dy viewed as x's shape
struct Reshape final : Node {
    Shape shape_;
    explicit Reshape(Shape shape) : shape_(std::move(shape)) {}
    std::string_view name() const override { return "reshape"; }
    Tensor forward(std::span<const Tensor> in) { return view(in[0], resolve_shape(in[0], shape_)); }
    void backward(const Tensor& dy, std::span<Tensor> dx) override { detail::add_into(dx[0], dy); }
};
Tensor reshape(const Tensor& x, const Shape& shape) { return record<Reshape>({x}, shape); }

Tensor flatten(const Tensor& x) {
    if (x.ndim() < 1) throw ShapeError("flatten: needs at least one dimension (the batch), got a scalar");
    return reshape(x, {x.dim(0), -1});
}

// ---- concat -------------------------------------------------------------------------------
// y = [x₀ x₁ …] along axis    saves: the inputs' sizes along axis;    dxᵢ += the matching block of dy
struct Concat final : Node {
    int axis_;
    std::vector<std::int64_t> sizes_;
    explicit Concat(int axis) : axis_(axis) {}
    std::string_view name() const override { return "concat"; }
    Tensor forward(std::span<const Tensor> in) {
        const Tensor& first = in[0];
        Shape out = first.shape();
        out[static_cast<std::size_t>(axis_)] = 0;
        for (const Tensor& x : in) {
            Shape a = x.shape(), b = first.shape();
            a[static_cast<std::size_t>(axis_)] = b[static_cast<std::size_t>(axis_)] = 0;
            if (a != b || x.dtype() != first.dtype())
                throw ShapeError(fmt::format("concat: shapes {} and {} differ outside axis {}", shape_str(first.shape()),
                                             shape_str(x.shape()), axis_));
            sizes_.push_back(x.dim(axis_));
            out[static_cast<std::size_t>(axis_)] += x.dim(axis_);
        }
        Tensor y = Tensor::empty(out, first.dtype());
        const std::int64_t outer = outer_size(out, axis_), inner = inner_size(out, axis_);
        const std::size_t esize = dtype_size(first.dtype());
        auto* py = static_cast<std::byte*>(y.raw_data());
        std::int64_t offset = 0;
        for (std::size_t k = 0; k < in.size(); ++k) {
            const auto* px = static_cast<const std::byte*>(in[k].raw_data());
            const std::int64_t block = sizes_[k] * inner;
            for (std::int64_t o = 0; o < outer; ++o)
                std::memcpy(py + (o * out[static_cast<std::size_t>(axis_)] * inner + offset) * static_cast<std::int64_t>(esize),
                            px + o * block * static_cast<std::int64_t>(esize), static_cast<std::size_t>(block) * esize);
            offset += block;
        }
        return y;
    }
    void backward(const Tensor& dy, std::span<Tensor> dx) override {
        const std::int64_t outer = outer_size(dy.shape(), axis_), inner = inner_size(dy.shape(), axis_);
        const std::int64_t total = dy.dim(axis_) * inner;
        detail::dispatch(dy.dtype(), [&]<class T>() {
            const T* pdy = dy.data<T>();
            std::int64_t offset = 0;
            for (std::size_t k = 0; k < dx.size(); ++k) {
                const std::int64_t block = sizes_[k] * inner;
                if (dx[k].defined()) {
                    T* pdx = dx[k].data<T>();
                    for (std::int64_t o = 0; o < outer; ++o)
                        for (std::int64_t i = 0; i < block; ++i) pdx[o * block + i] += pdy[o * total + offset + i];
                }
                offset += block;
            }
        });
    }
};
Tensor concat(const std::vector<Tensor>& xs, int axis) {
    if (xs.empty()) throw ShapeError("concat: no tensors given");
    int a = detail::normalise_axis(axis, xs[0].shape(), "concat");
    return record<Concat>(std::span<const Tensor>(xs), a);
}

// ---- slice --------------------------------------------------------------------------------
// y = x[..., start:stop, ...] along axis    saves: x's shape;    dx[..., start:stop, ...] += dy
struct Slice final : Node {
    int axis_;
    std::int64_t start_, stop_;
    Shape x_shape_;
    Slice(int axis, std::int64_t start, std::int64_t stop) : axis_(axis), start_(start), stop_(stop) {}
    std::string_view name() const override { return "slice"; }
    template <class T, class F>
    void walk(const Shape& x_shape, F f) {
        const std::int64_t outer = outer_size(x_shape, axis_), inner = inner_size(x_shape, axis_);
        const std::int64_t len = x_shape[static_cast<std::size_t>(axis_)], width = (stop_ - start_) * inner;
        for (std::int64_t o = 0; o < outer; ++o)
            for (std::int64_t i = 0; i < width; ++i) f(o * width + i, (o * len + start_) * inner + i);
    }
    Tensor forward(std::span<const Tensor> in) {
        const Tensor& x = in[0];
        x_shape_ = x.shape();
        const std::int64_t len = x.dim(axis_);
        if (start_ < 0 || stop_ > len || start_ > stop_)
            throw ShapeError(fmt::format("slice: range [{}, {}) out of bounds for axis {} of shape {}", start_, stop_,
                                         axis_, shape_str(x.shape())));
        Shape out = x.shape();
        out[static_cast<std::size_t>(axis_)] = stop_ - start_;
        Tensor y = Tensor::empty(out, x.dtype());
        detail::dispatch(x.dtype(), [&]<class T>() {
            const T* px = x.data<T>();
            T* py = y.data<T>();
            walk<T>(x_shape_, [&](std::int64_t iy, std::int64_t ix) { py[iy] = px[ix]; });
        });
        return y;
    }
    void backward(const Tensor& dy, std::span<Tensor> dx) override {
        detail::dispatch(dy.dtype(), [&]<class T>() {
            const T* pdy = dy.data<T>();
            T* pdx = dx[0].data<T>();
            walk<T>(x_shape_, [&](std::int64_t iy, std::int64_t ix) { pdx[ix] += pdy[iy]; });
        });
    }
};
Tensor slice(const Tensor& x, int axis, std::int64_t start, std::int64_t stop) {
    return record<Slice>({x}, detail::normalise_axis(axis, x.shape(), "slice"), start, stop);
}

}  // namespace axon::ops
