// RMSprop, the same loop as torch.optim.RMSprop (states square_avg, momentum_buffer, grad_avg).
#include "axon/optim/rmsprop.hpp"

#include <cmath>

#include "detail/dispatch.hpp"

namespace axon {

RMSprop::RMSprop(std::vector<Tensor> parameters, RMSpropOptions options)
    : RMSprop(name_by_position(std::move(parameters)), options) {}

RMSprop::RMSprop(std::vector<NamedParameter> parameters, RMSpropOptions options)
    : Optimizer("RMSprop", std::move(parameters), options.lr, {"square_avg", "momentum_buffer", "grad_avg"}),
      options_(options) {
    require_unit("alpha", options.alpha);
    require_non_negative("eps", options.eps);
    require_non_negative("weight_decay", options.weight_decay);
    require_unit("momentum", options.momentum);
}

void RMSprop::update(std::size_t i, Tensor& w, const Tensor& g) {
    const double lambda = decays(i) ? options_.weight_decay : 0.0;
    Tensor& a = moment(i, 0);
    Tensor* b = options_.momentum > 0 ? &moment(i, 1) : nullptr;
    Tensor* m = options_.centered ? &moment(i, 2) : nullptr;
    detail::dispatch(w.dtype(), [&]<class T>() {
        T* pw = w.data<T>();
        const T* pg = g.data<T>();
        T* pa = a.data<T>();
        T* pb = b ? b->data<T>() : nullptr;
        T* pm = m ? m->data<T>() : nullptr;
        const T lr = static_cast<T>(lr_), wd = static_cast<T>(lambda), eps = static_cast<T>(options_.eps);
        const T alpha = static_cast<T>(options_.alpha), one_minus_alpha = static_cast<T>(1.0 - options_.alpha);
        const T beta = static_cast<T>(options_.momentum);
        const std::int64_t count = w.numel();
        for (std::int64_t k = 0; k < count; ++k) {
            T d = pg[k];
            if (lambda != 0) d += wd * pw[k];
            pa[k] = alpha * pa[k] + one_minus_alpha * d * d;
            T r;
            if (pm) {
                pm[k] = alpha * pm[k] + one_minus_alpha * d;
                r = std::sqrt(pa[k] - pm[k] * pm[k]) + eps;
            } else {
                r = std::sqrt(pa[k]) + eps;
            }
            if (pb) {
                pb[k] = beta * pb[k] + d / r;
                pw[k] -= lr * pb[k];
            } else {
                pw[k] -= lr * (d / r);
            }
        }
    });
}

}  // namespace axon
