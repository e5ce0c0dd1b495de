// Linear (a fully connected, dense layer): y = x · Wᵀ + b.
//   input (N, D), output (N, O); parameters weight (O, D) and bias (O,) as in PyTorch.
// Default initialisation is PyTorch's: W and b uniform in ±1/√D (kaiming_uniform with a = √5).
#pragma once

#include "axon/layers/module.hpp"
#include "axon/ops/matmul.hpp"
#include "axon/random.hpp"

namespace axon {

class Linear : public Module {
public:
    // Throws ConfigError when a size is not positive.
    Linear(std::int64_t in_features, std::int64_t out_features, bool bias = true, DType dtype = DType::f32,
           Generator& generator = default_generator());

    // Throws ShapeError naming both sizes when x is not (N, in_features).
    Tensor forward(const Tensor& x) override;
    // activation(forward(x)) in one node (ops::linear with a FusedActivation): the same values, one
    // pass less over the output and no pre-activation kept for backward. Same checks as forward.
    Tensor forward(const Tensor& x, ops::FusedActivation activation);
    std::string describe() const override;
    std::vector<NamedParameter> named_parameters() override;

    Tensor& weight() { return weight_; }
    Tensor& bias() { return bias_; }  // undefined when built without bias
    std::int64_t in_features() const { return in_features_; }
    std::int64_t out_features() const { return out_features_; }

private:
    void check_input(const Tensor& x) const;
    std::int64_t in_features_, out_features_;
    Tensor weight_, bias_;
};

}  // namespace axon
