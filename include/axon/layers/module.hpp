// Module: the base of every layer and model. A module owns parameters (leaf tensors that require
// grad) and maps an input tensor to an output tensor with differentiable ops.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "axon/tensor.hpp"

namespace axon {

// A parameter with its PyTorch state_dict name ("weight", "0.bias", ...).
// `decay` says whether weight decay and the L2 penalty apply to it: true for weights, false for
// biases and BatchNorm's γ/β (the course regularises weights only).
struct NamedParameter {
    std::string name;
    Tensor tensor;
    bool decay = true;
};

class Module {
public:
    virtual ~Module() = default;

    // The layer's computation, recorded in the graph when its inputs or parameters require grad.
    virtual Tensor forward(const Tensor& x) = 0;
    Tensor operator()(const Tensor& x) { return forward(x); }

    // One line describing the layer, e.g. "Linear(784 → 256)".
    virtual std::string describe() const = 0;

    // Parameters in PyTorch's state_dict order and naming.
    virtual std::vector<NamedParameter> named_parameters() { return {}; }
    // Non-trainable state saved with the model (BatchNorm's running averages), same naming.
    virtual std::vector<NamedParameter> named_buffers() { return {}; }

    std::vector<Tensor> parameters();
    // Only the parameters weight decay applies to (the weights, not the biases).
    std::vector<Tensor> weights();
    void zero_grad();

    // Training mode (the default) vs evaluation mode: changes Dropout and BatchNorm only.
    virtual void train(bool on = true) { training_ = on; }
    void eval() { train(false); }
    bool training() const { return training_; }

protected:
    bool training_ = true;
};

}  // namespace axon
