// sigmoid, the logistic function σ(x) = 1 / (1 + e^−x), computed without overflow for every finite x.
#include <cmath>

#include "axon/autograd.hpp"
#include "axon/ops/activation.hpp"
#include "detail/elementwise.hpp"
#include "detail/vector_math.hpp"

namespace axon::ops {

// ---- sigmoid ------------------------------------------------------------------------------
// y = σ(x)    x: any shape, y: same shape    saves: y
// Two-branch form on e = e^−|x| ∈ (0, 1], which never overflows:
//   x ≥ 0: σ = 1 / (1 + e)      x < 0: σ = e / (1 + e)
// NOTE: the textbook 1 / (1 + exp(−x)) overflows exp for x ≲ −89 in float (−710 in double); the
// result still rounds to 0 there, but the inf is a trap under -ffinite-math or in the derivative.
// dx += dy ⊙ y ⊙ (1 − y)
struct Sigmoid final : Node {
    Tensor y_;
    std::string_view name() const override { return "sigmoid"; }
    Tensor forward(std::span<const Tensor> in) {
        Tensor y;
        if (in[0].dtype() == DType::f32) {  // e = e^−|x| by SLEEF's vectorised exp, then the two branches
            const float* x = in[0].data<float>();
            y = Tensor::empty(in[0].shape(), DType::f32);
            float* py = y.data<float>();
            const std::int64_t n = y.numel();
            for (std::int64_t i = 0; i < n; ++i) py[i] = -std::abs(x[i]);
            detail::exp_f32(py, py, n);
            for (std::int64_t i = 0; i < n; ++i) {
                const float r = 1.0f / (1.0f + py[i]);
                py[i] = x[i] >= 0.0f ? r : py[i] * r;
            }
        } else {
            y = detail::map(in[0], [](auto v) {
                using T = decltype(v);
                const T e = std::exp(-std::abs(v));
                const T r = T(1) / (T(1) + e);
                return v >= T(0) ? r : e * r;
            });
        }
        if (recording()) y_ = y.detach();
        return y;
    }
    void backward(const Tensor& dy, std::span<Tensor> dx) override {
        detail::accumulate(dx[0], dy, y_, [](auto g, auto y) { return g * y * (decltype(y)(1) - y); });
    }
};
Tensor sigmoid(const Tensor& x) { return record<Sigmoid>({x}); }

}  // namespace axon::ops
