// dropout_mask (not differentiated) and masked_scale: y = x ⊙ mask · s, forward and backward.
#include "axon/ops/dropout.hpp"

#include <cmath>

#include "axon/autograd.hpp"
#include "detail/elementwise.hpp"

namespace axon::ops {

using detail::dispatch;

Tensor dropout_mask(const Shape& shape, double p, DType dtype, Generator& generator) {
    if (!(p >= 0.0 && p < 1.0))
        throw ConfigError(fmt::format("dropout_mask: drop probability p must be in [0, 1) (got {})", p));
    Tensor mask = Tensor::empty(shape, dtype);
    dispatch(dtype, [&]<class T>() {
        T* m = mask.data<T>();
        const std::int64_t n = mask.numel();
        // u ~ U[0, 1): P(u ≥ p) = 1 − p. With p = 0 every element is kept.
        for (std::int64_t i = 0; i < n; ++i) m[i] = generator.uniform() >= p ? T{1} : T{0};
    });
    return mask;
}

// ---- masked_scale -------------------------------------------------------------------------
// y = x ⊙ mask · s    x, mask: same shape, y: same shape    saves: mask (a constant of the graph)
// dx += dy ⊙ mask · s
struct MaskedScale final : Node {
    Tensor mask_;
    double s_;
    MaskedScale(const Tensor& mask, double s) : mask_(mask.detach()), s_(s) {}
    std::string_view name() const override { return "masked_scale"; }
    Tensor forward(std::span<const Tensor> in) {
        const Tensor& x = in[0];
        Tensor y = Tensor::empty(x.shape(), x.dtype());
        dispatch(x.dtype(), [&]<class T>() {
            const T* px = x.data<T>();
            const T* pm = mask_.data<T>();
            T* py = y.data<T>();
            const T s = static_cast<T>(s_);
            const std::int64_t count = x.numel();
            for (std::int64_t i = 0; i < count; ++i) py[i] = px[i] * pm[i] * s;
        });
        if (!recording()) mask_ = Tensor();
        return y;
    }
    void backward(const Tensor& dy, std::span<Tensor> dx) override {
        detail::accumulate(dx[0], dy, mask_, [s = s_](auto g, auto m) { return g * m * static_cast<decltype(g)>(s); });
    }
};

Tensor masked_scale(const Tensor& x, const Tensor& mask, double scale) {
    detail::require_same_shape(x, mask, "masked_scale");
    return record<MaskedScale>({x}, mask, scale);
}

}  // namespace axon::ops
