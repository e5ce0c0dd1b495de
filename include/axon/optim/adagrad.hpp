// Adagrad (Duchi et al. 2011; note 003): each coordinate's step shrinks with the sum of its squared gradients.
#pragma once

#include "axon/optim/optimizer.hpp"

namespace axon {

// Defaults are torch.optim.Adagrad's.
struct AdagradOptions {
    double lr = 1e-2;
    double lr_decay = 0.0;                   // η_t = η / (1 + (t − 1)·lr_decay)
    double weight_decay = 0.0;               // L2: g ← g + λ·w (decay-flagged parameters only)
    double initial_accumulator_value = 0.0;  // the sum starts here
    double eps = 1e-10;
};

// t ← t + 1;  g ← g + λ·w;  s ← s + g²;  w ← w − η_t · g / (√s + ε)
class Adagrad : public Optimizer {
public:
    // Throws ConfigError for an out-of-range option.
    Adagrad(std::vector<Tensor> parameters, AdagradOptions options = {});
    Adagrad(std::vector<NamedParameter> parameters, AdagradOptions options = {});
    const AdagradOptions& options() const { return options_; }

protected:
    void update(std::size_t i, Tensor& w, const Tensor& g) override;

private:
    AdagradOptions options_;
};

}  // namespace axon
