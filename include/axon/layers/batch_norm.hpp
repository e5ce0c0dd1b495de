// BatchNorm1d (note 003; Ioffe & Szegedy 2015): normalise each feature over the minibatch, then
// scale and shift it by learnable γ and β.
//   input (N, C), output (N, C); parameters weight γ (C,) init 1 and bias β (C,) init 0;
//   buffers running_mean (C,) init 0 and running_var (C,) init 1.
//
// train(): y = γ ⊙ (x − μ_B)/√(σ²_B + eps) + β with the batch mean μ_B and biased variance σ²_B
//          (ops::batch_norm, fused backward); then, outside the graph,
//            running_mean ← (1 − momentum)·running_mean + momentum·μ_B
//            running_var  ← (1 − momentum)·running_var  + momentum·σ²_B·N/(N − 1)   (unbiased, as PyTorch)
// eval():  y = γ ⊙ (x − running_mean)/√(running_var + eps) + β, the same for every batch size;
//          the running buffers do not change (composed from elementwise ops, differentiable in x, γ, β).
//
// State names are PyTorch's: parameters "weight", "bias" (decay = false: the course regularises
// weights only, and shrinking γ would fight the normalisation); buffers "running_mean", "running_var".
// PyTorch's third buffer "num_batches_tracked" (int64) is kept as a counter, num_batches_tracked(),
// and not listed in named_buffers(): axon tensors are float32/float64, and with a fixed momentum
// (here always) PyTorch does not read it either. torch's load_state_dict fills it in when absent.
// A Linear before a BatchNorm1d can drop its bias: the subtraction of μ_B cancels it (docs/batch_norm.md).
#pragma once

#include <cstdint>

#include "axon/layers/module.hpp"

namespace axon {

class BatchNorm1d : public Module {
public:
    // Throws ConfigError when num_features ≤ 0, eps ≤ 0, or momentum is outside [0, 1].
    explicit BatchNorm1d(std::int64_t num_features, double eps = 1e-5, double momentum = 0.1,
                         DType dtype = DType::f32);

    // Throws ShapeError when x is not (N, num_features) of the layer's dtype, and, in training,
    // when N = 1 ("expected more than 1 value per channel when training", as PyTorch).
    Tensor forward(const Tensor& x) override;
    std::string describe() const override;  // "BatchNorm1d(256, eps=1e-05, momentum=0.1)"
    std::vector<NamedParameter> named_parameters() override;
    std::vector<NamedParameter> named_buffers() override;

    Tensor& weight() { return weight_; }
    Tensor& bias() { return bias_; }
    Tensor& running_mean() { return running_mean_; }
    Tensor& running_var() { return running_var_; }
    // Training-mode forwards so far (PyTorch's num_batches_tracked); settable for checkpoints.
    std::int64_t num_batches_tracked() const { return num_batches_tracked_; }
    void set_num_batches_tracked(std::int64_t n) { num_batches_tracked_ = n; }
    std::int64_t num_features() const { return num_features_; }
    double eps() const { return eps_; }
    double momentum() const { return momentum_; }

private:
    std::int64_t num_features_;
    double eps_, momentum_;
    Tensor weight_, bias_, running_mean_, running_var_;
    std::int64_t num_batches_tracked_ = 0;
};

}  // namespace axon
