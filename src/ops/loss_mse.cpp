// Squared-error losses, composed of differentiable ops (sub, mul, sum/mean): no backward of their own.
#include "axon/autograd.hpp"
#include "axon/ops/arithmetic.hpp"
#include "axon/ops/loss.hpp"
#include "axon/ops/reduce.hpp"
#include "detail/loss.hpp"

namespace axon::ops {

// ℓ = (y − t)²    y, t: same shape, ℓ: same shape, then reduced
// ∂ℓ/∂y = 2(y − t), divided by numel for the mean (comes from sub, mul and mean)
Tensor mse_loss(const Tensor& y, const Tensor& t, Reduction reduction) {
    detail::require_target_like(y, t, "mse_loss");
    Tensor d = y - t;
    return detail::reduce_loss(d * d, reduction);
}

// SE = Σ_samples ‖y − t‖² = Σ (y − t)² over every element (note 004): mse_loss with reduction sum.
Tensor se_loss(const Tensor& y, const Tensor& t) {
    detail::require_target_like(y, t, "se_loss");
    Tensor d = y - t;
    return sum(d * d);
}

}  // namespace axon::ops
