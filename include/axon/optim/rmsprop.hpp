// RMSProp (Hinton's lecture 6e; note 003): divides each step by a running RMS of the gradient.
#pragma once

#include "axon/optim/optimizer.hpp"

namespace axon {

// Defaults are torch.optim.RMSprop's. NOTE: ε is added outside the square root, as in PyTorch
// (TensorFlow puts it inside).
struct RMSpropOptions {
    double lr = 1e-2;
    double alpha = 0.99;  // smoothing of the squared-gradient average, in [0, 1)
    double eps = 1e-8;
    double weight_decay = 0.0;  // L2: g ← g + λ·w (decay-flagged parameters only)
    double momentum = 0.0;      // in [0, 1)
    bool centered = false;      // divide by the estimated standard deviation instead of the RMS
};

// g ← g + λ·w;  a ← α·a + (1 − α)·g²
// centered: m ← α·m + (1 − α)·g,  r = √(a − m²) + ε;   otherwise r = √a + ε
// momentum β > 0: b ← β·b + g/r, w ← w − η·b;           otherwise w ← w − η·g/r
class RMSprop : public Optimizer {
public:
    // Throws ConfigError for an out-of-range option.
    RMSprop(std::vector<Tensor> parameters, RMSpropOptions options = {});
    RMSprop(std::vector<NamedParameter> parameters, RMSpropOptions options = {});
    const RMSpropOptions& options() const { return options_; }

protected:
    void update(std::size_t i, Tensor& w, const Tensor& g) override;

private:
    RMSpropOptions options_;
};

}  // namespace axon
