// sigmoid, the logistic function σ(x) = 1 / (1 + e^−x), computed without overflow for every finite x.
#include <cmath>

#include "axon/autograd.hpp"
#include "axon/ops/activation.hpp"
#include "detail/elementwise.hpp"

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
        Tensor y = detail::map(in[0], [](auto v) {
            using T = decltype(v);
            const T e = std::exp(-std::abs(v));
            const T r = T(1) / (T(1) + e);
            return v >= T(0) ? r : e * r;
        });
        if (recording()) y_ = y.detach();
        return y;
    }
    void backward(const Tensor& dy, std::span<Tensor> dx) override {
        detail::accumulate(dx[0], dy, y_, [](auto g, auto y) { return g * y * (decltype(y)(1) - y); });
    }
};
Tensor sigmoid(const Tensor& x) { return record<Sigmoid>({x}); }

}  // namespace axon::ops
