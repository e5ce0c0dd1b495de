// Adam and AdamW, the same loop as torch.optim.Adam / AdamW (states exp_avg, exp_avg_sq, max_exp_avg_sq).
#include "axon/optim/adam.hpp"

#include <algorithm>
#include <cmath>

#include "detail/dispatch.hpp"

namespace axon {

namespace {
AdamOptions as_adam(const AdamWOptions& o) { return {o.lr, o.beta1, o.beta2, o.eps, o.weight_decay, o.amsgrad}; }
}  // namespace

Adam::Adam(std::vector<Tensor> parameters, AdamOptions options)
    : Adam("Adam", name_by_position(std::move(parameters)), options, false) {}

Adam::Adam(std::vector<NamedParameter> parameters, AdamOptions options)
    : Adam("Adam", std::move(parameters), options, false) {}

Adam::Adam(std::string name, std::vector<NamedParameter> parameters, AdamOptions options, bool decoupled)
    : Optimizer(std::move(name), std::move(parameters), options.lr, {"exp_avg", "exp_avg_sq", "max_exp_avg_sq"}),
      options_(options), decoupled_(decoupled) {
    require_unit("beta1", options.beta1);
    require_unit("beta2", options.beta2);
    require_non_negative("eps", options.eps);
    require_non_negative("weight_decay", options.weight_decay);
}

AdamW::AdamW(std::vector<Tensor> parameters, AdamWOptions options)
    : Adam("AdamW", name_by_position(std::move(parameters)), as_adam(options), true) {}

AdamW::AdamW(std::vector<NamedParameter> parameters, AdamWOptions options)
    : Adam("AdamW", std::move(parameters), as_adam(options), true) {}

void Adam::update(std::size_t i, Tensor& w, const Tensor& g) {
    const double lambda = decays(i) ? options_.weight_decay : 0.0;
    const double t = static_cast<double>(param_steps(i));
    const double step_size = lr_ / (1.0 - std::pow(options_.beta1, t));
    const double bias_correction2_sqrt = std::sqrt(1.0 - std::pow(options_.beta2, t));
    Tensor& m = moment(i, 0);
    Tensor& v = moment(i, 1);
    Tensor* v_max = options_.amsgrad ? &moment(i, 2) : nullptr;
    detail::dispatch(w.dtype(), [&]<class T>() {
        T* pw = w.data<T>();
        const T* pg = g.data<T>();
        T* pm = m.data<T>();
        T* pv = v.data<T>();
        T* pv_max = v_max ? v_max->data<T>() : nullptr;
        const T wd = static_cast<T>(lambda), eps = static_cast<T>(options_.eps);
        const T shrink = static_cast<T>(1.0 - lr_ * lambda);  // AdamW's decoupled decay
        const T b1 = static_cast<T>(options_.beta1), one_minus_b1 = static_cast<T>(1.0 - options_.beta1);
        const T b2 = static_cast<T>(options_.beta2), one_minus_b2 = static_cast<T>(1.0 - options_.beta2);
        const T step = static_cast<T>(step_size), bc2 = static_cast<T>(bias_correction2_sqrt);
        const std::int64_t count = w.numel();
        for (std::int64_t k = 0; k < count; ++k) {
            T d = pg[k];
            if (lambda != 0) {
                if (decoupled_) pw[k] *= shrink;
                else d += wd * pw[k];
            }
            pm[k] = b1 * pm[k] + one_minus_b1 * d;
            pv[k] = b2 * pv[k] + one_minus_b2 * d * d;
            T second = pv[k];
            if (pv_max) second = pv_max[k] = std::max(pv_max[k], pv[k]);
            pw[k] -= step * (pm[k] / (std::sqrt(second) / bc2 + eps));
        }
    });
}

}  // namespace axon
