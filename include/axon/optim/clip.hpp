// Gradient clipping by global norm (torch.nn.utils.clip_grad_norm_).
#pragma once

#include <limits>
#include <vector>

#include "axon/tensor.hpp"

namespace axon {

// The p-norm of all gradients taken together, ‖(g₁, …, g_k)‖_p (p = ∞ for the largest |g|); when it
// exceeds max_norm, every gradient is scaled in place by max_norm / (norm + 1e-6), as in PyTorch.
// Parameters without a gradient are skipped. Returns the norm before clipping, computed in double.
// Throws ConfigError unless max_norm ≥ 0 and p > 0; throws NumericError when error_if_nonfinite and
// the norm is NaN or infinite (otherwise such gradients are scaled as PyTorch does, i.e. become NaN).
double clip_grad_norm_(const std::vector<Tensor>& parameters, double max_norm, double norm_type = 2.0,
                       bool error_if_nonfinite = false);

}  // namespace axon
