// Learning-rate schedules in closed form of (base rate, epoch), so that resuming needs only the epoch;
// ReduceLROnPlateau also keeps its best metric and counters.
#include "axon/optim/schedule.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <unordered_map>

namespace axon {

namespace {
Tensor scalar_f64(double value) { return Tensor::scalar(value, DType::f64); }

double find_scalar(const std::vector<NamedTensor>& state, const std::string& key, const char* where) {
    for (const NamedTensor& t : state)
        if (t.name == key) {
            if (!t.tensor.defined() || t.tensor.numel() != 1)
                throw ShapeError(fmt::format("{}: '{}' must hold one number", where, key));
            return t.tensor.item();
        }
    throw ConfigError(fmt::format("{}: '{}' is missing", where, key));
}
}  // namespace

Scheduler::Scheduler(Optimizer& optimizer) : optimizer_(optimizer), base_lr_(optimizer.lr()) {}

void Scheduler::step(std::optional<double> metric) {
    const double lr = next_lr(epoch_ + 1, optimizer_.lr(), metric);
    ++epoch_;
    optimizer_.set_lr(lr);
}

std::vector<NamedTensor> Scheduler::state_dict() const {
    std::vector<NamedTensor> out{{"epoch", scalar_f64(static_cast<double>(epoch_))}, {"base_lr", scalar_f64(base_lr_)}};
    for (NamedTensor& t : extra_state()) out.push_back(std::move(t));
    return out;
}

void Scheduler::load_state_dict(const std::vector<NamedTensor>& state) {
    const double epoch = find_scalar(state, "epoch", "Scheduler::load_state_dict");
    const double base_lr = find_scalar(state, "base_lr", "Scheduler::load_state_dict");
    load_extra_state(state);
    epoch_ = static_cast<std::int64_t>(epoch);
    base_lr_ = base_lr;
}

// ---- ConstantLR ----

ConstantLR::ConstantLR(Optimizer& optimizer, double factor, std::int64_t total_epochs)
    : Scheduler(optimizer), factor_(factor), total_epochs_(total_epochs) {
    if (!(factor > 0 && factor <= 1))
        throw ConfigError(fmt::format("ConstantLR: factor must be in (0, 1] (got {})", factor));
    if (total_epochs < 0)
        throw ConfigError(fmt::format("ConstantLR: total_epochs must be ≥ 0 (got {})", total_epochs));
    if (total_epochs > 0) optimizer_.set_lr(base_lr() * factor_);
}

// lr = base·factor while epoch < total_epochs, then base
double ConstantLR::next_lr(std::int64_t epoch, double, std::optional<double>) {
    return epoch < total_epochs_ ? base_lr() * factor_ : base_lr();
}

// ---- StepLR ----

StepLR::StepLR(Optimizer& optimizer, std::int64_t step_size, double gamma)
    : Scheduler(optimizer), step_size_(step_size), gamma_(gamma) {
    if (step_size < 1) throw ConfigError(fmt::format("StepLR: step_size must be ≥ 1 (got {})", step_size));
    if (!(gamma > 0)) throw ConfigError(fmt::format("StepLR: gamma must be > 0 (got {})", gamma));
}

// lr = base·γ^⌊epoch / step_size⌋
double StepLR::next_lr(std::int64_t epoch, double, std::optional<double>) {
    return base_lr() * std::pow(gamma_, static_cast<double>(epoch / step_size_));
}

// ---- ExponentialLR ----

ExponentialLR::ExponentialLR(Optimizer& optimizer, double gamma) : Scheduler(optimizer), gamma_(gamma) {
    if (!(gamma > 0)) throw ConfigError(fmt::format("ExponentialLR: gamma must be > 0 (got {})", gamma));
}

// lr = base·γ^epoch
double ExponentialLR::next_lr(std::int64_t epoch, double, std::optional<double>) {
    return base_lr() * std::pow(gamma_, static_cast<double>(epoch));
}

// ---- CosineAnnealingLR ----

CosineAnnealingLR::CosineAnnealingLR(Optimizer& optimizer, std::int64_t t_max, double eta_min)
    : Scheduler(optimizer), t_max_(t_max), eta_min_(eta_min) {
    if (t_max < 1) throw ConfigError(fmt::format("CosineAnnealingLR: t_max must be ≥ 1 (got {})", t_max));
    if (!(eta_min >= 0)) throw ConfigError(fmt::format("CosineAnnealingLR: eta_min must be ≥ 0 (got {})", eta_min));
}

// lr = η_min + (base − η_min)·(1 + cos(π·epoch / T_max)) / 2
double CosineAnnealingLR::next_lr(std::int64_t epoch, double, std::optional<double>) {
    const double phase = std::numbers::pi * static_cast<double>(epoch) / static_cast<double>(t_max_);
    return eta_min_ + (base_lr() - eta_min_) * (1.0 + std::cos(phase)) / 2.0;
}

// ---- ReduceLROnPlateau ----

ReduceLROnPlateau::ReduceLROnPlateau(Optimizer& optimizer, PlateauOptions options)
    : Scheduler(optimizer), options_(options),
      best_(options.maximize ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity()) {
    if (!(options.factor > 0 && options.factor < 1))
        throw ConfigError(fmt::format("ReduceLROnPlateau: factor must be in (0, 1) (got {})", options.factor));
    if (options.patience < 0)
        throw ConfigError(fmt::format("ReduceLROnPlateau: patience must be ≥ 0 (got {})", options.patience));
    if (options.cooldown < 0)
        throw ConfigError(fmt::format("ReduceLROnPlateau: cooldown must be ≥ 0 (got {})", options.cooldown));
    if (!(options.threshold >= 0))
        throw ConfigError(fmt::format("ReduceLROnPlateau: threshold must be ≥ 0 (got {})", options.threshold));
    if (!(options.min_lr >= 0))
        throw ConfigError(fmt::format("ReduceLROnPlateau: min_lr must be ≥ 0 (got {})", options.min_lr));
    if (!(options.eps >= 0))
        throw ConfigError(fmt::format("ReduceLROnPlateau: eps must be ≥ 0 (got {})", options.eps));
}

// min mode: metric < best·(1 − threshold);  max mode: metric > best·(1 + threshold)
bool ReduceLROnPlateau::better(double metric) const {
    return options_.maximize ? metric > best_ * (1.0 + options_.threshold) : metric < best_ * (1.0 - options_.threshold);
}

double ReduceLROnPlateau::next_lr(std::int64_t, double lr, std::optional<double> metric) {
    if (!metric)
        throw ConfigError("ReduceLROnPlateau::step: needs the watched metric (e.g. the validation loss)");
    if (better(*metric)) {
        best_ = *metric;
        bad_epochs_ = 0;
    } else {
        ++bad_epochs_;
    }
    if (cooldown_left_ > 0) {
        --cooldown_left_;
        bad_epochs_ = 0;
    }
    if (bad_epochs_ > options_.patience) {
        cooldown_left_ = options_.cooldown;
        bad_epochs_ = 0;
        const double reduced = std::max(lr * options_.factor, options_.min_lr);
        if (lr - reduced > options_.eps) return reduced;
    }
    return lr;
}

std::vector<NamedTensor> ReduceLROnPlateau::extra_state() const {
    return {{"best", scalar_f64(best_)},
            {"bad_epochs", scalar_f64(static_cast<double>(bad_epochs_))},
            {"cooldown_left", scalar_f64(static_cast<double>(cooldown_left_))}};
}

void ReduceLROnPlateau::load_extra_state(const std::vector<NamedTensor>& state) {
    const char* where = "ReduceLROnPlateau::load_state_dict";
    const double best = find_scalar(state, "best", where);
    const double bad = find_scalar(state, "bad_epochs", where);
    const double cooldown = find_scalar(state, "cooldown_left", where);
    best_ = best;
    bad_epochs_ = static_cast<std::int64_t>(bad);
    cooldown_left_ = static_cast<std::int64_t>(cooldown);
}

}  // namespace axon
