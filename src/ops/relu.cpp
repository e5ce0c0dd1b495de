// The rectifier family: relu, leaky_relu, elu (note 000), with PyTorch's conventions at x = 0.
#include <cmath>

#include "axon/autograd.hpp"
#include "axon/ops/activation.hpp"
#include "detail/activation_kernels.hpp"
#include "detail/elementwise.hpp"

namespace axon::ops {

// ---- relu ---------------------------------------------------------------------------------
// y = max(0, x)    x: any shape, y: same shape    saves: y
// dx += dy where y > 0, else 0 (derivative 0 at x = 0, as PyTorch)
struct Relu final : Node {
    Tensor y_;
    std::string_view name() const override { return "relu"; }
    Tensor forward(std::span<const Tensor> in) {
        Tensor y = Tensor::empty(in[0].shape(), in[0].dtype());
        detail::dispatch(y.dtype(), [&]<class T>() { detail::relu_forward(in[0].data<T>(), y.data<T>(), y.numel()); });
        if (recording()) y_ = y.detach();
        return y;
    }
    void backward(const Tensor& dy, std::span<Tensor> dx) override {
        detail::accumulate(dx[0], dy, y_, detail::relu_backward);
    }
};
Tensor relu(const Tensor& x) { return record<Relu>({x}); }

// ---- leaky_relu ---------------------------------------------------------------------------
// y = x if x > 0 else α·x    x: any shape, y: same shape    saves: x
// dx += dy if x > 0 else α·dy (α at x = 0, as PyTorch)
struct LeakyRelu final : Node {
    double alpha_;
    Tensor x_;
    explicit LeakyRelu(double alpha) : alpha_(alpha) {}
    std::string_view name() const override { return "leaky_relu"; }
    Tensor forward(std::span<const Tensor> in) {
        if (recording()) x_ = in[0];
        return detail::map(in[0], [alpha = alpha_](auto v) {
            using T = decltype(v);
            return v > T(0) ? v : static_cast<T>(alpha) * v;
        });
    }
    void backward(const Tensor& dy, std::span<Tensor> dx) override {
        detail::accumulate(dx[0], dy, x_, [alpha = alpha_](auto g, auto x) {
            using T = decltype(g);
            return x > T(0) ? g : static_cast<T>(alpha) * g;
        });
    }
};
Tensor leaky_relu(const Tensor& x, double alpha) { return record<LeakyRelu>({x}, alpha); }

// ---- elu ----------------------------------------------------------------------------------
// y = x if x > 0 else α·(eˣ − 1)    x: any shape, y: same shape    saves: x
// eˣ − 1 is computed with expm1, exact near 0 where exp(x) − 1 cancels.
// dx += dy if x > 0 else α·eˣ·dy (α at x = 0, as PyTorch)
struct Elu final : Node {
    double alpha_;
    Tensor x_;
    explicit Elu(double alpha) : alpha_(alpha) {}
    std::string_view name() const override { return "elu"; }
    Tensor forward(std::span<const Tensor> in) {
        if (recording()) x_ = in[0];
        return detail::map(in[0], [alpha = alpha_](auto v) {
            using T = decltype(v);
            return v > T(0) ? v : static_cast<T>(alpha) * std::expm1(v);
        });
    }
    void backward(const Tensor& dy, std::span<Tensor> dx) override {
        detail::accumulate(dx[0], dy, x_, [alpha = alpha_](auto g, auto x) {
            using T = decltype(g);
            return x > T(0) ? g : static_cast<T>(alpha) * std::exp(x) * g;
        });
    }
};
Tensor elu(const Tensor& x, double alpha) { return record<Elu>({x}, alpha); }

}  // namespace axon::ops
