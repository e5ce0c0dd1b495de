// Stochastic gradient descent with momentum (both of the course's forms), Nesterov and weight decay.
// With the defaults and momentum 0 it is plain (minibatch) SGD: w ← w − η·g.
#pragma once

#include "axon/optim/optimizer.hpp"

namespace axon {

// The two ways of accumulating momentum. Both start from v₀ = g₀ (note 003, and PyTorch's first step).
//   heavy_ball (PyTorch's): v ← β·v + (1 − dampening)·g,   w ← w − η·v
//   ema (note 003):         v ← β·v + (1 − β)·g,           w ← w − η·v
// ema is heavy_ball with dampening = β: v is an average of past gradients, so the step is η·|g| in a
// steady slope, where heavy-ball's is η·|g|/(1 − β). Equal η therefore means very different speeds.
enum class MomentumForm : std::uint8_t { heavy_ball, ema };

// Defaults are torch.optim.SGD's (lr 1e-3 as in PyTorch 2).
struct SGDOptions {
    double lr = 1e-3;
    double momentum = 0.0;  // β in [0, 1); 0 turns momentum off
    MomentumForm momentum_form = MomentumForm::heavy_ball;
    double dampening = 0.0;  // heavy_ball only, in [0, 1]
    // PyTorch's Nesterov: d = g + β·v (after updating v), w ← w − η·d. Needs momentum > 0 and no
    // dampening (so not the ema form), as in PyTorch.
    bool nesterov = false;
    // L2 penalty λ, added to the gradient before momentum: g ← g + λ·w (torch.optim.SGD's weight_decay;
    // note 003 writes the penalty λ‖w‖² whose gradient is 2λw, i.e. λ_003 = weight_decay / 2).
    // Applies only to parameters whose decay flag is set.
    double weight_decay = 0.0;
};

class SGD : public Optimizer {
public:
    // Throws ConfigError for an out-of-range option, naming it and its value.
    SGD(std::vector<Tensor> parameters, SGDOptions options = {});
    SGD(std::vector<NamedParameter> parameters, SGDOptions options = {});
    const SGDOptions& options() const { return options_; }

protected:
    void update(std::size_t i, Tensor& w, const Tensor& g) override;

private:
    SGDOptions options_;
};

}  // namespace axon
