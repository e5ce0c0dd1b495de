// Optimizer: updates parameters from their accumulated gradients. Subclasses implement update(),
// one parameter at a time; the base owns the parameters with their names and weight-decay flags,
// the step counters, and the moments (allocated lazily at a parameter's first update, then reused:
// step() allocates nothing after the first).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "axon/layers/module.hpp"
#include "axon/tensor.hpp"

namespace axon {

class Optimizer {
public:
    // Unnamed parameters are named "0", "1", ... and weight decay applies to all of them (as in
    // torch.optim). Throws ConfigError when lr ≤ 0 or a parameter does not require grad.
    Optimizer(std::vector<Tensor> parameters, double lr);
    // Named parameters, e.g. model.named_parameters(): weight decay applies where `decay` is true,
    // which Module sets for weights and not for biases or BatchNorm's γ/β (see set_decay to override).
    // Throws ConfigError as above, and when two parameters share a name.
    Optimizer(std::vector<NamedParameter> parameters, double lr);
    virtual ~Optimizer() = default;
    Optimizer(const Optimizer&) = delete;
    Optimizer& operator=(const Optimizer&) = delete;

    // One update from the current gradients: update() runs for each parameter that has a gradient
    // (the others are left unchanged and their step count does not advance), in no-grad mode.
    void step();
    // Clears every parameter's gradient, ready for the next backward().
    void zero_grad();

    // "SGD", "Adam", ...: the name used in error messages and model files.
    const std::string& name() const { return name_; }
    double lr() const { return lr_; }
    // Schedules call this every epoch. Throws ConfigError unless lr is finite and ≥ 0.
    void set_lr(double lr);
    // Number of step() calls so far.
    std::int64_t steps() const { return steps_; }

    const std::vector<Tensor>& parameters() const { return parameters_; }
    const std::vector<std::string>& parameter_names() const { return names_; }
    // Whether weight decay applies to parameter i.
    bool decays(std::size_t i) const { return decay_.at(i); }
    // Overrides the weight-decay flag of the parameter called `name`. Throws ConfigError for an unknown name.
    void set_decay(std::string_view name, bool on);

    // The state needed to resume exactly: "step" and "lr" (f64 scalars), then for each parameter that
    // has been updated "<name>.step" and its moments "<name>.<slot>" (PyTorch's names: momentum_buffer,
    // exp_avg, exp_avg_sq, ...). The tensors are copies.
    std::vector<NamedTensor> state_dict() const;
    // Restores a state_dict() of an optimiser of the same kind over parameters of the same names,
    // shapes and dtypes. Throws ConfigError for an unknown or missing name, ShapeError for a wrong shape or dtype.
    void load_state_dict(const std::vector<NamedTensor>& state);

protected:
    // For subclasses: `name` prefixes error messages; `slot_names` lists the moments kept per parameter.
    Optimizer(std::string name, std::vector<NamedParameter> parameters, double lr,
              std::vector<std::string> slot_names);

    // Updates parameter i (w, with gradient g of the same shape and dtype) in place.
    // param_steps(i) already counts this update (1 on the first).
    virtual void update(std::size_t i, Tensor& w, const Tensor& g) = 0;

    // Names unnamed parameters "0", "1", ... with decay on (the public constructors' convention).
    static std::vector<NamedParameter> name_by_position(std::vector<Tensor> parameters);

    std::int64_t param_steps(std::size_t i) const { return param_steps_[i]; }
    // Moment `slot` of parameter i: zeros of w's shape and dtype, allocated on first use (filled
    // with `initial`); `fresh` reports whether it was just allocated.
    Tensor& moment(std::size_t i, std::size_t slot, double initial = 0.0, bool* fresh = nullptr);

    // Range checks for subclasses' hyper-parameters, throwing ConfigError with
    // "<name>: <what> must be <range> (got <value>)".
    void require_positive(std::string_view what, double value) const;      // > 0
    void require_non_negative(std::string_view what, double value) const;  // ≥ 0
    void require_unit(std::string_view what, double value) const;          // in [0, 1)

    std::vector<Tensor> parameters_;
    double lr_;

private:
    std::string name_;
    std::vector<std::string> names_;
    std::vector<bool> decay_;
    std::vector<std::string> slot_names_;
    std::vector<std::vector<Tensor>> moments_;  // [parameter][slot], undefined until first used
    std::vector<std::int64_t> param_steps_;
    std::int64_t steps_ = 0;
};

// Plain gradient descent: w ← w − η · ∂J/∂w (notes 000, 003, 004). No weight decay, no state.
class GradientDescent : public Optimizer {
public:
    GradientDescent(std::vector<Tensor> parameters, double lr);
    GradientDescent(std::vector<NamedParameter> parameters, double lr);

protected:
    void update(std::size_t i, Tensor& w, const Tensor& g) override;
};

}  // namespace axon
