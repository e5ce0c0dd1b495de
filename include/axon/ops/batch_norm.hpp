// Batch normalisation (note 003, Ioffe & Szegedy 2015) as one fused op with a hand-written
// backward; the derivation is in docs/batch_norm.md.
#pragma once

#include "axon/tensor.hpp"

namespace axon::ops {

// The statistics a training-mode batch_norm computed, per channel: shape (C,), not in any graph.
struct BatchNormStats {
    Tensor mean;  // μ_c = (1/N) Σ_n x_nc
    Tensor var;   // σ²_c = (1/N) Σ_n (x_nc − μ_c)²  (biased: divides by N, as the notes and PyTorch normalise)
};

// Training-mode batch normalisation with the batch's own statistics:
//   x̂ = (x − μ) / √(σ² + eps),   y = γ ⊙ x̂ + β
//   x: (N, C), weight γ: (C,), bias β: (C,), y: (N, C); all the same dtype.
// backward (saves x̂, rstd = 1/√(σ² + eps) and γ):
//   dx += (γ·rstd/N) ⊙ (N·dy − Σ_n dy − x̂ ⊙ Σ_n (dy ⊙ x̂)),  dγ += Σ_n dy ⊙ x̂,  dβ += Σ_n dy
// When `stats` is given it receives μ and the biased σ² (the layer's running averages use them).
// Sums accumulate in double also for float32 inputs.
// Throws ShapeError when x is not 2-D, when γ or β is not (C,), when dtypes differ, or when N = 1
// (one value per channel has no variance; PyTorch refuses it the same way).
Tensor batch_norm(const Tensor& x, const Tensor& weight, const Tensor& bias, double eps = 1e-5,
                  BatchNormStats* stats = nullptr);

}  // namespace axon::ops
