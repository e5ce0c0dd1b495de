// Adadelta (Zeiler 2012; note 003): the step size adapts from the rate of change of the parameters,
// so the learning rate is only a scale (1.0 by default).
#pragma once

#include "axon/optim/optimizer.hpp"

namespace axon {

// Defaults are torch.optim.Adadelta's.
struct AdadeltaOptions {
    double lr = 1.0;
    double rho = 0.9;  // smoothing of both running averages, in [0, 1)
    double eps = 1e-6;
    double weight_decay = 0.0;  // L2: g ← g + λ·w (decay-flagged parameters only)
};

// g ← g + λ·w;  a ← ρ·a + (1 − ρ)·g²;  Δ = √(u + ε) / √(a + ε) · g;  u ← ρ·u + (1 − ρ)·Δ²;  w ← w − η·Δ
class Adadelta : public Optimizer {
public:
    // Throws ConfigError for an out-of-range option.
    Adadelta(std::vector<Tensor> parameters, AdadeltaOptions options = {});
    Adadelta(std::vector<NamedParameter> parameters, AdadeltaOptions options = {});
    const AdadeltaOptions& options() const { return options_; }

protected:
    void update(std::size_t i, Tensor& w, const Tensor& g) override;

private:
    AdadeltaOptions options_;
};

}  // namespace axon
