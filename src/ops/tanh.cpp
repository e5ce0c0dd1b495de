// tanh, the activation of note 001's networks: tanh(x) = 2σ(2x) − 1, derivative 1 − tanh².
#include <cmath>

#include "axon/autograd.hpp"
#include "axon/ops/activation.hpp"
#include "detail/elementwise.hpp"

namespace axon::ops {

// ---- tanh ---------------------------------------------------------------------------------
// y = tanh(x)    x: any shape, y: same shape    saves: y
// std::tanh saturates to ±1 without overflow and keeps full relative precision near 0 (where
// 2σ(2x) − 1 would cancel).
// dx += dy ⊙ (1 − y²)
struct Tanh final : Node {
    Tensor y_;
    std::string_view name() const override { return "tanh"; }
    Tensor forward(std::span<const Tensor> in) {
        Tensor y = detail::map(in[0], [](auto v) { return std::tanh(v); });
        if (recording()) y_ = y.detach();
        return y;
    }
    void backward(const Tensor& dy, std::span<Tensor> dx) override {
        detail::accumulate(dx[0], dy, y_, [](auto g, auto y) { return g * (decltype(y)(1) - y * y); });
    }
};
Tensor tanh(const Tensor& x) { return record<Tanh>({x}); }

}  // namespace axon::ops
