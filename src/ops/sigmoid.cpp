// sigmoid, the logistic function σ(x) = 1 / (1 + e^−x), computed without overflow for every finite x.
#include "axon/autograd.hpp"
#include "axon/ops/activation.hpp"
#include "detail/activation_kernels.hpp"
#include "detail/elementwise.hpp"

namespace axon::ops {

// ---- sigmoid ------------------------------------------------------------------------------
// y = σ(x)    x: any shape, y: same shape    saves: y
// (detail/activation_kernels.hpp: the two-branch form that never overflows exp)
// dx += dy ⊙ y ⊙ (1 − y)
struct Sigmoid final : Node {
    Tensor y_;
    std::string_view name() const override { return "sigmoid"; }
    Tensor forward(std::span<const Tensor> in) {
        Tensor y = Tensor::empty(in[0].shape(), in[0].dtype());
        detail::dispatch(y.dtype(),
                         [&]<class T>() { detail::sigmoid_forward(in[0].data<T>(), y.data<T>(), y.numel()); });
        if (recording()) y_ = y.detach();
        return y;
    }
    void backward(const Tensor& dy, std::span<Tensor> dx) override {
        detail::accumulate(dx[0], dy, y_, detail::sigmoid_backward);
    }
};
Tensor sigmoid(const Tensor& x) { return record<Sigmoid>({x}); }

}  // namespace axon::ops
