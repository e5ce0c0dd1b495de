// Optimizer: updates parameters from their accumulated gradients. Subclasses implement step().
#pragma once

#include <vector>

#include "axon/tensor.hpp"

namespace axon {

class Optimizer {
public:
    // Throws ConfigError when lr ≤ 0 or a parameter does not require grad.
    Optimizer(std::vector<Tensor> parameters, double lr);
    virtual ~Optimizer() = default;

    // One update from the current gradients (parameters without a gradient are left unchanged).
    virtual void step() = 0;
    // Clears every parameter's gradient, ready for the next backward().
    void zero_grad();

    double lr() const { return lr_; }
    void set_lr(double lr);
    const std::vector<Tensor>& parameters() const { return parameters_; }

protected:
    std::vector<Tensor> parameters_;
    double lr_;
};

// Plain gradient descent: w ← w − η · ∂J/∂w (notes 000, 003, 004).
class GradientDescent : public Optimizer {
public:
    GradientDescent(std::vector<Tensor> parameters, double lr) : Optimizer(std::move(parameters), lr) {}
    void step() override;
};

}  // namespace axon
