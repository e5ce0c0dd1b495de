// Adadelta, the same loop as torch.optim.Adadelta (states square_avg, acc_delta).
#include "axon/optim/adadelta.hpp"

#include <cmath>

#include "detail/dispatch.hpp"

namespace axon {

Adadelta::Adadelta(std::vector<Tensor> parameters, AdadeltaOptions options)
    : Adadelta(name_by_position(std::move(parameters)), options) {}

Adadelta::Adadelta(std::vector<NamedParameter> parameters, AdadeltaOptions options)
    : Optimizer("Adadelta", std::move(parameters), options.lr, {"square_avg", "acc_delta"}), options_(options) {
    require_unit("rho", options.rho);
    require_non_negative("eps", options.eps);
    require_non_negative("weight_decay", options.weight_decay);
}

void Adadelta::update(std::size_t i, Tensor& w, const Tensor& g) {
    const double lambda = decays(i) ? options_.weight_decay : 0.0;
    Tensor& a = moment(i, 0);
    Tensor& u = moment(i, 1);
    detail::dispatch(w.dtype(), [&]<class T>() {
        T* pw = w.data<T>();
        const T* pg = g.data<T>();
        T* pa = a.data<T>();
        T* pu = u.data<T>();
        const T lr = static_cast<T>(lr_), wd = static_cast<T>(lambda), eps = static_cast<T>(options_.eps);
        const T rho = static_cast<T>(options_.rho), one_minus_rho = static_cast<T>(1.0 - options_.rho);
        const std::int64_t count = w.numel();
        for (std::int64_t k = 0; k < count; ++k) {
            T d = pg[k];
            if (lambda != 0) d += wd * pw[k];
            pa[k] = rho * pa[k] + one_minus_rho * d * d;
            const T delta = std::sqrt(pu[k] + eps) / std::sqrt(pa[k] + eps) * d;
            pu[k] = rho * pu[k] + one_minus_rho * delta * delta;
            pw[k] -= lr * delta;
        }
    });
}

}  // namespace axon
