// Every activation of the course as a layer, chosen by name (the CLI's --activation uses the same names).
//   input: any shape, output: same shape (softmax/log_softmax: along the last axis); no parameters.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "axon/layers/module.hpp"
#include "axon/ops/matmul.hpp"

namespace axon {

class Activation : public Module {
public:
    // name: identity | step | sigmoid | tanh | relu | leaky_relu | elu | gelu | gelu_tanh | softmax | log_softmax.
    // alpha is the slope of leaky_relu (default 0.01) and the scale of elu (default 1); ignored otherwise.
    // Throws ConfigError listing the known names when `name` is not one of them.
    explicit Activation(const std::string& name, double alpha = -1.0);

    Tensor forward(const Tensor& x) override { return function_(x); }
    std::string describe() const override;
    const std::string& name() const { return name_; }
    double alpha() const { return alpha_; }
    // The form in which ops::linear can apply this activation itself (relu, sigmoid, tanh); empty otherwise.
    std::optional<ops::FusedActivation> fused_form() const { return fused_form_; }

    static const std::vector<std::string>& names();

private:
    std::string name_;
    double alpha_;
    std::function<Tensor(const Tensor&)> function_;
    std::optional<ops::FusedActivation> fused_form_;
};

}  // namespace axon
