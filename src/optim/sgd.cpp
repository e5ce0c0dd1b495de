// SGD: plain, heavy-ball or EMA momentum, Nesterov, L2 weight decay. The same loop as torch.optim.SGD.
#include "axon/optim/sgd.hpp"

#include "detail/dispatch.hpp"
#include "detail/multiversion.hpp"

namespace axon {

SGD::SGD(std::vector<Tensor> parameters, SGDOptions options)
    : SGD(name_by_position(std::move(parameters)), options) {}

SGD::SGD(std::vector<NamedParameter> parameters, SGDOptions options)
    : Optimizer("SGD", std::move(parameters), options.lr, {"momentum_buffer"}), options_(options) {
    require_unit("momentum", options.momentum);
    require_non_negative("weight_decay", options.weight_decay);
    if (!(options.dampening >= 0 && options.dampening <= 1))
        throw ConfigError(fmt::format("SGD: dampening must be in [0, 1] (got {})", options.dampening));
    if (options.momentum_form == MomentumForm::ema && options.dampening != 0)
        throw ConfigError(fmt::format(
            "SGD: dampening must be 0 with the ema momentum form (got {}); the ema form already damps by β", options.dampening));
    if (options.nesterov && (options.momentum == 0 || options.dampening != 0 || options.momentum_form == MomentumForm::ema))
        throw ConfigError(fmt::format("SGD: Nesterov needs momentum > 0 in the heavy-ball form without dampening "
                                      "(got momentum {}, dampening {}, form {})",
                                      options.momentum, options.dampening,
                                      options.momentum_form == MomentumForm::ema ? "ema" : "heavy-ball"));
}

namespace {

// One loop per combination of the options, chosen once, so that each is a straight vectorisable loop
// (compiled for each vector width: detail/multiversion.hpp).
template <class T, bool kDecay, bool kMomentum, bool kNesterov>
AXON_MULTIVERSION void sgd_loop(T* w, const T* g, T* v, std::int64_t count, T lr, T wd, T b, T b_v, T keep) {
    for (std::int64_t k = 0; k < count; ++k) {
        T d = g[k];
        if constexpr (kDecay) d += wd * w[k];
        if constexpr (kMomentum) {
            const T vk = b_v * v[k] + keep * d;
            v[k] = vk;
            d = kNesterov ? d + b * vk : vk;
        }
        w[k] -= lr * d;
    }
}

}  // namespace

// d = g + λ·w
// v ← d on the first step, else v ← β·v + (1 − τ)·d     (τ = dampening, or β for the ema form)
// d ← d + β·v (Nesterov) or d ← v
// w ← w − η·d
void SGD::update(std::size_t i, Tensor& w, const Tensor& g) {
    const double lambda = decays(i) ? options_.weight_decay : 0.0;
    const double beta = options_.momentum;
    const double tau = options_.momentum_form == MomentumForm::ema ? beta : options_.dampening;
    bool first = false;
    Tensor* v = beta != 0 ? &moment(i, 0, 0.0, &first) : nullptr;
    detail::dispatch(w.dtype(), [&]<class T>() {
        T* pw = w.data<T>();
        const T* pg = g.data<T>();
        T* pv = v ? v->data<T>() : nullptr;
        const T lr = static_cast<T>(lr_), wd = static_cast<T>(lambda), b = static_cast<T>(beta);
        // The first step sets v ← d: v is 0 then, so it is the general update with β = 0, 1 − τ = 1.
        const T b_v = first ? T(0) : b, keep = first ? T(1) : static_cast<T>(1.0 - tau);
        const std::int64_t n = w.numel();
        const bool decay = lambda != 0;
        if (!pv) {
            if (decay) sgd_loop<T, true, false, false>(pw, pg, pv, n, lr, wd, b, b_v, keep);
            else sgd_loop<T, false, false, false>(pw, pg, pv, n, lr, wd, b, b_v, keep);
        } else if (options_.nesterov) {
            if (decay) sgd_loop<T, true, true, true>(pw, pg, pv, n, lr, wd, b, b_v, keep);
            else sgd_loop<T, false, true, true>(pw, pg, pv, n, lr, wd, b, b_v, keep);
        } else {
            if (decay) sgd_loop<T, true, true, false>(pw, pg, pv, n, lr, wd, b, b_v, keep);
            else sgd_loop<T, false, true, false>(pw, pg, pv, n, lr, wd, b, b_v, keep);
        }
    });
}

}  // namespace axon
