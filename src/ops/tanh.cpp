// tanh, the activation of note 001's networks: tanh(x) = 2σ(2x) − 1, derivative 1 − tanh².
#include "axon/autograd.hpp"
#include "axon/ops/activation.hpp"
#include "detail/activation_kernels.hpp"
#include "detail/elementwise.hpp"

namespace axon::ops {

// ---- tanh ---------------------------------------------------------------------------------
// y = tanh(x)    x: any shape, y: same shape    saves: y
// (detail/activation_kernels.hpp: std::tanh's precision near 0; Eigen's vectorised tanh for float32)
// dx += dy ⊙ (1 − y²)
struct Tanh final : Node {
    Tensor y_;
    std::string_view name() const override { return "tanh"; }
    Tensor forward(std::span<const Tensor> in) {
        Tensor y = Tensor::empty(in[0].shape(), in[0].dtype());
        detail::dispatch(y.dtype(), [&]<class T>() { detail::tanh_forward(in[0].data<T>(), y.data<T>(), y.numel()); });
        if (recording()) y_ = y.detach();
        return y;
    }
    void backward(const Tensor& dy, std::span<Tensor> dx) override {
        detail::accumulate(dx[0], dy, y_, detail::tanh_backward);
    }
};
Tensor tanh(const Tensor& x) { return record<Tanh>({x}); }

}  // namespace axon::ops
