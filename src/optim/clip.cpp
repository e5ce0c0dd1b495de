// Gradient clipping by global norm, as torch.nn.utils.clip_grad_norm_.
#include "axon/optim/clip.hpp"

#include <algorithm>
#include <cmath>

#include "detail/dispatch.hpp"

namespace axon {

// norm = (Σ over all gradients of |g|^p)^(1/p)  (p = ∞: max |g|)
// if norm > max_norm: g ← g · max_norm / (norm + 1e-6)
double clip_grad_norm_(const std::vector<Tensor>& parameters, double max_norm, double norm_type,
                       bool error_if_nonfinite) {
    if (!(max_norm >= 0)) throw ConfigError(fmt::format("clip_grad_norm_: max_norm must be ≥ 0 (got {})", max_norm));
    if (!(norm_type > 0)) throw ConfigError(fmt::format("clip_grad_norm_: norm_type must be > 0 (got {})", norm_type));
    const bool inf_norm = std::isinf(norm_type);
    double total = 0.0;
    for (const Tensor& w : parameters) {
        if (!w.defined()) continue;
        const Tensor g = w.grad();
        if (!g.defined()) continue;
        detail::dispatch(g.dtype(), [&]<class T>() {
            const T* pg = g.data<T>();
            const std::int64_t count = g.numel();
            for (std::int64_t k = 0; k < count; ++k) {
                const double a = std::abs(static_cast<double>(pg[k]));
                if (inf_norm) total = std::isnan(a) ? a : std::max(total, a);
                else if (norm_type == 2.0) total += a * a;
                else if (norm_type == 1.0) total += a;
                else total += std::pow(a, norm_type);
            }
        });
    }
    const double norm = inf_norm ? total : norm_type == 2.0 ? std::sqrt(total) : std::pow(total, 1.0 / norm_type);
    if (error_if_nonfinite && !std::isfinite(norm))
        throw NumericError(fmt::format("clip_grad_norm_: the total norm of the gradients is {} (order {}); "
                                       "the loss has probably diverged, try a lower learning rate",
                                       norm, norm_type));
    const double coef = max_norm / (norm + 1e-6);
    if (coef >= 1.0) return norm;  // nothing to clip (and PyTorch's factor would be exactly 1)
    for (const Tensor& w : parameters) {
        if (!w.defined()) continue;
        Tensor g = w.grad();
        if (!g.defined()) continue;
        detail::dispatch(g.dtype(), [&]<class T>() {
            T* pg = g.data<T>();
            const T c = static_cast<T>(coef);
            const std::int64_t count = g.numel();
            for (std::int64_t k = 0; k < count; ++k) pg[k] *= c;
        });
    }
    return norm;
}

}  // namespace axon
