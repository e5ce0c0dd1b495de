#include "axon/optim/optimizer.hpp"

#include "axon/autograd.hpp"
#include "detail/dispatch.hpp"

namespace axon {

Optimizer::Optimizer(std::vector<Tensor> parameters, double lr) : parameters_(std::move(parameters)), lr_(lr) {
    set_lr(lr);
    for (std::size_t i = 0; i < parameters_.size(); ++i)
        if (!parameters_[i].requires_grad())
            throw ConfigError(fmt::format("Optimizer: parameter {} (shape {}) does not require grad", i,
                                          shape_str(parameters_[i].shape())));
}

void Optimizer::set_lr(double lr) {
    if (!(lr > 0)) throw ConfigError(fmt::format("Optimizer: learning rate must be > 0 (got {})", lr));
    lr_ = lr;
}

void Optimizer::zero_grad() {
    for (Tensor& p : parameters_) p.zero_grad();
}

// w ← w − η · g
void GradientDescent::step() {
    for (Tensor& w : parameters_) {
        Tensor g = w.grad();
        if (!g.defined()) continue;
        detail::dispatch(w.dtype(), [&]<class T>() {
            T* pw = w.data<T>();
            const T* pg = g.data<T>();
            const T lr = static_cast<T>(lr_);
            for (std::int64_t i = 0; i < w.numel(); ++i) pw[i] -= lr * pg[i];
        });
    }
}

}  // namespace axon
