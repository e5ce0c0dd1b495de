// Squared-error losses. Reduced to a scalar, they run as one node (a pass over y and t each way);
// per element (Reduction::none) they are composed of sub and mul.
#include "axon/autograd.hpp"
#include "axon/ops/arithmetic.hpp"
#include "axon/ops/loss.hpp"
#include "detail/dispatch.hpp"
#include "detail/loss.hpp"
#include "detail/multiversion.hpp"
#include "detail/sum.hpp"

namespace axon::ops {

namespace {
// out[i] += 2·(g·(y[i] − t[i])), or = when kAssign, doubled by addition as mul's backward adds its two
// uses (−g: the same values negated, as −(2·(g·d)) = 2·((−g)·d) exactly).
template <bool kAssign, class T>
AXON_MULTIVERSION void twice_scaled_difference(const T* y, const T* t, T g, T* out, std::int64_t n) {
    for (std::int64_t i = 0; i < n; ++i) {
        const T half = g * (y[i] - t[i]);
        if constexpr (kAssign) out[i] = half + half;
        else out[i] += half + half;
    }
}

template <class T>
void twice_scaled_difference(const T* y, const T* t, T g, Tensor& out, GradWrite write, std::int64_t n) {
    if (!out.defined()) return;
    if (write == GradWrite::assign) twice_scaled_difference<true>(y, t, g, out.data<T>(), n);
    else twice_scaled_difference<false>(y, t, g, out.data<T>(), n);
}
}  // namespace

// ---- squared error, summed or averaged ----------------------------------------------------
// ℓ = s · Σ (y − t)²    y, t: same shape, ℓ: ()    s = 1/numel (mean) or 1 (sum)    saves: y, t
// dy += dℓ · 2s(y − t), dt −= the same (assigned instead where the buffer is new: backward_into)
// The values are those of the composition s · sum((y − t) ⊙ (y − t)) bit for bit: the square taken in
// the tensor's type, the sum in double in ops::sum's order (detail/sum.hpp), the gradient 2·(s·dℓ·(y − t))
// as mul's two uses of y − t add it.
struct SquaredError final : Node {
    double s_;
    Tensor y_, t_;
    explicit SquaredError(double s) : s_(s) {}
    std::string_view name() const override { return "squared_error"; }
    Tensor forward(std::span<const Tensor> in) {
        const Tensor &y = in[0], &t = in[1];
        if (recording()) y_ = y, t_ = t;
        Tensor loss = Tensor::empty({}, y.dtype());
        detail::dispatch(y.dtype(), [&]<class T>() {
            const T *py = y.data<T>(), *pt = t.data<T>();
            const double total = detail::sum_in_double(y.numel(), [py, pt](std::int64_t i) {
                const T d = py[i] - pt[i];
                return d * d;
            });
            loss.data<T>()[0] = static_cast<T>(s_) * static_cast<T>(total);
        });
        return loss;
    }
    void backward(const Tensor& dloss, std::span<Tensor> dx) override {
        backward_into(dloss, dx, accumulate_all(dx.size()));
    }
    void backward_into(const Tensor& dloss, std::span<Tensor> dx, std::span<const GradWrite> write) override {
        detail::dispatch(dloss.dtype(), [&]<class T>() {
            const T g = static_cast<T>(s_) * dloss.data<T>()[0];
            const T *py = y_.data<T>(), *pt = t_.data<T>();
            const std::int64_t count = y_.numel();
            twice_scaled_difference(py, pt, g, dx[0], write[0], count);
            twice_scaled_difference(py, pt, -g, dx[1], write[1], count);
        });
    }
};

// ℓ = (y − t)²    y, t: same shape, ℓ: same shape, then reduced
Tensor mse_loss(const Tensor& y, const Tensor& t, Reduction reduction) {
    detail::require_target_like(y, t, "mse_loss");
    switch (reduction) {
        case Reduction::mean: {
            if (y.numel() == 0) throw ShapeError("mse_loss: the input is empty (shape " + shape_str(y.shape()) + ")");
            return record<SquaredError>({y, t}, 1.0 / static_cast<double>(y.numel()));
        }
        case Reduction::sum: return record<SquaredError>({y, t}, 1.0);
        case Reduction::none: {
            Tensor d = y - t;
            return d * d;
        }
    }
    throw ConfigError("mse_loss: unknown reduction");
}

// SE = Σ_samples ‖y − t‖² = Σ (y − t)² over every element (note 004): mse_loss with reduction sum.
Tensor se_loss(const Tensor& y, const Tensor& t) {
    detail::require_target_like(y, t, "se_loss");
    return record<SquaredError>({y, t}, 1.0);
}

}  // namespace axon::ops
