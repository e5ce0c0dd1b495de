// Adagrad, the same loop as torch.optim.Adagrad (state "sum").
#include "axon/optim/adagrad.hpp"

#include <cmath>

#include "detail/dispatch.hpp"

namespace axon {

Adagrad::Adagrad(std::vector<Tensor> parameters, AdagradOptions options)
    : Adagrad(name_by_position(std::move(parameters)), options) {}

Adagrad::Adagrad(std::vector<NamedParameter> parameters, AdagradOptions options)
    : Optimizer("Adagrad", std::move(parameters), options.lr, {"sum"}), options_(options) {
    require_non_negative("lr_decay", options.lr_decay);
    require_non_negative("weight_decay", options.weight_decay);
    require_non_negative("initial_accumulator_value", options.initial_accumulator_value);
    require_non_negative("eps", options.eps);
}

// g ← g + λ·w;  s ← s + g²;  w ← w − η_t · g / (√s + ε)
void Adagrad::update(std::size_t i, Tensor& w, const Tensor& g) {
    const double lambda = decays(i) ? options_.weight_decay : 0.0;
    const double lr_t = lr_ / (1.0 + static_cast<double>(param_steps(i) - 1) * options_.lr_decay);
    Tensor& s = moment(i, 0, options_.initial_accumulator_value);
    detail::dispatch(w.dtype(), [&]<class T>() {
        T* pw = w.data<T>();
        const T* pg = g.data<T>();
        T* ps = s.data<T>();
        const T lr = static_cast<T>(lr_t), wd = static_cast<T>(lambda), eps = static_cast<T>(options_.eps);
        const std::int64_t count = w.numel();
        for (std::int64_t k = 0; k < count; ++k) {
            T d = pg[k];
            if (lambda != 0) d += wd * pw[k];
            ps[k] += d * d;
            pw[k] -= lr * (d / (std::sqrt(ps[k]) + eps));
        }
    });
}

}  // namespace axon
