// tanh, the activation of note 001's networks: tanh(x) = 2σ(2x) − 1, derivative 1 − tanh².
#include <cmath>

#include "axon/autograd.hpp"
#include "axon/ops/activation.hpp"
#include "detail/elementwise.hpp"
#include "detail/vector_math.hpp"

namespace axon::ops {

// ---- tanh ---------------------------------------------------------------------------------
// y = tanh(x)    x: any shape, y: same shape    saves: y
// std::tanh saturates to ±1 without overflow and keeps full relative precision near 0 (where
// 2σ(2x) − 1 would cancel). float32 runs on SLEEF's vectorised tanh (detail/vector_math.hpp).
// dx += dy ⊙ (1 − y²)
struct Tanh final : Node {
    Tensor y_;
    std::string_view name() const override { return "tanh"; }
    Tensor forward(std::span<const Tensor> in) {
        Tensor y;
        if (in[0].dtype() == DType::f32) {
            y = Tensor::empty(in[0].shape(), DType::f32);
            detail::tanh_f32(in[0].data<float>(), y.data<float>(), y.numel());
        } else {
            y = detail::map(in[0], [](auto v) { return std::tanh(v); });
        }
        if (recording()) y_ = y.detach();
        return y;
    }
    void backward(const Tensor& dy, std::span<Tensor> dx) override {
        detail::accumulate(dx[0], dy, y_, [](auto g, auto y) { return g * (decltype(y)(1) - y * y); });
    }
};
Tensor tanh(const Tensor& x) { return record<Tanh>({x}); }

}  // namespace axon::ops
