// Adam (Kingma & Ba 2015; note 003) and AdamW (Loshchilov & Hutter 2019): per-coordinate steps from
// bias-corrected moving averages of the gradient and of its square.
#pragma once

#include "axon/optim/optimizer.hpp"

namespace axon {

// Defaults are torch.optim.Adam's.
struct AdamOptions {
    double lr = 1e-3;
    double beta1 = 0.9;    // in [0, 1)
    double beta2 = 0.999;  // in [0, 1)
    double eps = 1e-8;
    double weight_decay = 0.0;  // L2 added to the gradient: g ← g + λ·w (decay-flagged parameters only)
    bool amsgrad = false;       // divide by the running maximum of the second moment
};

// Defaults are torch.optim.AdamW's (weight_decay 1e-2).
struct AdamWOptions {
    double lr = 1e-3;
    double beta1 = 0.9;
    double beta2 = 0.999;
    double eps = 1e-8;
    double weight_decay = 1e-2;  // decoupled: w ← w·(1 − η·λ) before the Adam step (decay-flagged only)
    bool amsgrad = false;
};

// t ← t + 1;  Adam: g ← g + λ·w;  AdamW: w ← w·(1 − η·λ)
// m ← β₁·m + (1 − β₁)·g;   v ← β₂·v + (1 − β₂)·g²;   (amsgrad: v̂ ← max(v̂, v), used in place of v)
// w ← w − η/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε)
class Adam : public Optimizer {
public:
    // Throws ConfigError for an out-of-range option, e.g. "Adam: beta1 must be in [0, 1) (got 1.5)".
    Adam(std::vector<Tensor> parameters, AdamOptions options = {});
    Adam(std::vector<NamedParameter> parameters, AdamOptions options = {});
    const AdamOptions& options() const { return options_; }

protected:
    Adam(std::string name, std::vector<NamedParameter> parameters, AdamOptions options, bool decoupled);
    void update(std::size_t i, Tensor& w, const Tensor& g) override;

private:
    AdamOptions options_;
    bool decoupled_;  // AdamW
};

class AdamW : public Adam {
public:
    AdamW(std::vector<Tensor> parameters, AdamWOptions options = {});
    AdamW(std::vector<NamedParameter> parameters, AdamWOptions options = {});
};

}  // namespace axon
