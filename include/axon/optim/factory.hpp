// Optimisers chosen by name, as the CLI and model files name them.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "axon/layers/module.hpp"
#include "axon/optim/optimizer.hpp"
#include "axon/optim/schedule.hpp"

namespace axon {

struct OptimizerSettings {
    std::string name = "sgd";  // sgd | adagrad | rmsprop | adam | adamw | adadelta
    double lr = 0;             // 0: the optimiser's PyTorch default (sgd: 0.01)
    double momentum = 0;       // sgd and rmsprop
    std::string momentum_form = "heavy-ball";  // sgd: heavy-ball (PyTorch) | ema (note 003)
    bool nesterov = false;
    double weight_decay = 0;  // applies to weights only (biases and BatchNorm parameters are exempt)
};

// Throws ConfigError for an unknown name or a setting the optimiser does not take.
std::unique_ptr<Optimizer> make_optimizer(const OptimizerSettings& settings, std::vector<NamedParameter> parameters);

// Learning-rate schedules by name, stepped once per epoch, for a run of `epochs` epochs:
//   constant; step (×0.1 every third of the run); exponential (γ = 0.95); cosine (to 0 over the run);
//   plateau (×0.1 after 3 epochs without a better validation loss).
// Throws ConfigError listing the names for an unknown one.
std::unique_ptr<Scheduler> make_scheduler(const std::string& name, Optimizer& optimizer, std::int64_t epochs);

}  // namespace axon
