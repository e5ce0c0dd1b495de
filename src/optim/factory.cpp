#include "axon/optim/factory.hpp"

#include "axon/error.hpp"
#include "axon/optim/adadelta.hpp"
#include "axon/optim/adagrad.hpp"
#include "axon/optim/adam.hpp"
#include "axon/optim/rmsprop.hpp"
#include "axon/optim/sgd.hpp"

namespace axon {

std::unique_ptr<Optimizer> make_optimizer(const OptimizerSettings& s, std::vector<NamedParameter> parameters) {
    auto reject = [&](bool bad, const char* what) {
        if (bad) throw ConfigError(fmt::format("optimizer: {} does not take {}", s.name, what));
    };
    if (s.momentum_form != "heavy-ball" && s.momentum_form != "ema")
        throw ConfigError(fmt::format("optimizer: unknown momentum form '{}' (known: heavy-ball, ema)", s.momentum_form));
    if (s.name != "sgd") {
        reject(s.nesterov, "--nesterov");
        reject(s.momentum_form != "heavy-ball", "--momentum-form");
    }
    if (s.name == "sgd") {
        SGDOptions o;
        o.lr = s.lr > 0 ? s.lr : 0.01;
        o.momentum = s.momentum;
        o.nesterov = s.nesterov;
        o.weight_decay = s.weight_decay;
        o.momentum_form = s.momentum_form == "ema" ? MomentumForm::ema : MomentumForm::heavy_ball;
        return std::make_unique<SGD>(std::move(parameters), o);
    }
    if (s.name == "rmsprop") {
        RMSpropOptions o;
        if (s.lr > 0) o.lr = s.lr;
        o.momentum = s.momentum;
        o.weight_decay = s.weight_decay;
        return std::make_unique<RMSprop>(std::move(parameters), o);
    }
    reject(s.momentum != 0, "--momentum");
    if (s.name == "adagrad") {
        AdagradOptions o;
        if (s.lr > 0) o.lr = s.lr;
        o.weight_decay = s.weight_decay;
        return std::make_unique<Adagrad>(std::move(parameters), o);
    }
    if (s.name == "adam") {
        AdamOptions o;
        if (s.lr > 0) o.lr = s.lr;
        o.weight_decay = s.weight_decay;
        return std::make_unique<Adam>(std::move(parameters), o);
    }
    if (s.name == "adamw") {
        AdamWOptions o;
        if (s.lr > 0) o.lr = s.lr;
        o.weight_decay = s.weight_decay;
        return std::make_unique<AdamW>(std::move(parameters), o);
    }
    if (s.name == "adadelta") {
        AdadeltaOptions o;
        if (s.lr > 0) o.lr = s.lr;
        o.weight_decay = s.weight_decay;
        return std::make_unique<Adadelta>(std::move(parameters), o);
    }
    throw ConfigError(
        fmt::format("optimizer: unknown optimizer '{}' (known: sgd, adagrad, rmsprop, adam, adamw, adadelta)", s.name));
}

std::unique_ptr<Scheduler> make_scheduler(const std::string& name, Optimizer& optimizer, std::int64_t epochs) {
    if (name == "constant") return std::make_unique<ConstantLR>(optimizer);
    if (name == "step") return std::make_unique<StepLR>(optimizer, std::max<std::int64_t>(1, epochs / 3), 0.1);
    if (name == "exponential") return std::make_unique<ExponentialLR>(optimizer, 0.95);
    if (name == "cosine") return std::make_unique<CosineAnnealingLR>(optimizer, std::max<std::int64_t>(1, epochs));
    if (name == "plateau") {
        PlateauOptions options;
        options.patience = 3;
        options.factor = 0.1;
        return std::make_unique<ReduceLROnPlateau>(optimizer, options);
    }
    throw ConfigError(
        fmt::format("schedule: unknown schedule '{}' (known: constant, step, exponential, cosine, plateau)", name));
}

}  // namespace axon
