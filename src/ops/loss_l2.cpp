// L2 penalties on weights (notes 002 and 003), composed of mul, sum, add and scale.
#include <cmath>

#include "axon/autograd.hpp"
#include "axon/ops/arithmetic.hpp"
#include "axon/ops/loss.hpp"
#include "axon/ops/reduce.hpp"

namespace axon::ops {

namespace {

void require_lambda(double lambda, const char* op) {
    if (!(lambda >= 0.0) || !std::isfinite(lambda))
        throw ConfigError(fmt::format("{}: lambda must be finite and >= 0 (got {})", op, lambda));
}

// Σ_k Σ w_k²    weights: any shapes, one dtype; result: ()
Tensor sum_of_squares(std::span<const Tensor> weights, const char* op) {
    if (weights.empty()) throw ConfigError(fmt::format("{}: no weights given; pass Module::weights()", op));
    Tensor total;
    for (std::size_t k = 0; k < weights.size(); ++k) {
        const Tensor& w = weights[k];
        if (!w.defined()) throw ShapeError(fmt::format("{}: weight {} is undefined", op, k));
        if (w.dtype() != weights[0].dtype())
            throw ShapeError(fmt::format("{}: weight {} has dtype {}, weight 0 has {} (shapes {} and {})", op, k,
                                         dtype_name(w.dtype()), dtype_name(weights[0].dtype()), shape_str(w.shape()),
                                         shape_str(weights[0].shape())));
        Tensor s = sum(w * w);
        total = total.defined() ? total + s : s;
    }
    return total;
}

}  // namespace

// λ/(2N) · Σ w²; gradient λ/(2N) · 2w = λ/N · w (the factor 2 of w·w is exact in floating point).
Tensor l2_penalty_mean(std::span<const Tensor> weights, double lambda, std::int64_t n_samples) {
    require_lambda(lambda, "l2_penalty_mean");
    if (n_samples <= 0)
        throw ConfigError(fmt::format("l2_penalty_mean: the number of samples must be > 0 (got {})", n_samples));
    return scale(sum_of_squares(weights, "l2_penalty_mean"), lambda / (2.0 * static_cast<double>(n_samples)));
}

// λ · Σ ‖W‖²; gradient 2λ · W (note 003's weight decay).
Tensor l2_penalty(std::span<const Tensor> weights, double lambda) {
    require_lambda(lambda, "l2_penalty");
    return scale(sum_of_squares(weights, "l2_penalty"), lambda);
}

}  // namespace axon::ops
