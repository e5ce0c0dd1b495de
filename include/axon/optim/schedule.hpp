// Learning-rate schedules, applied once per epoch: construct one over an optimiser (it sets the
// epoch-0 rate), train an epoch, call step(), and so on. The rates follow torch.optim.lr_scheduler.
//
//   SGD opt(model.named_parameters(), {.lr = 0.1, .momentum = 0.9});
//   CosineAnnealingLR schedule(opt, /*t_max=*/20);
//   for (int epoch = 0; epoch < 20; ++epoch) { train_one_epoch(opt); schedule.step(); }
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

#include "axon/optim/optimizer.hpp"

namespace axon {

class Scheduler {
public:
    virtual ~Scheduler() = default;
    Scheduler(const Scheduler&) = delete;
    Scheduler& operator=(const Scheduler&) = delete;

    // Ends an epoch: advances the epoch count and sets the optimiser's learning rate for the next one.
    // `metric` (the validation loss, or whatever ReduceLROnPlateau watches) is required by
    // ReduceLROnPlateau, which throws ConfigError without it, and ignored by the others.
    void step(std::optional<double> metric = std::nullopt);

    // Epochs completed (step() calls so far).
    std::int64_t epoch() const { return epoch_; }
    // The optimiser's learning rate when the scheduler was built: the base of every closed form.
    double base_lr() const { return base_lr_; }
    double lr() const { return optimizer_.lr(); }

    // Everything needed to resume: "epoch", "base_lr" and the schedule's own counters, as f64 scalars.
    std::vector<NamedTensor> state_dict() const;
    // Throws ConfigError when an entry is missing.
    void load_state_dict(const std::vector<NamedTensor>& state);

protected:
    explicit Scheduler(Optimizer& optimizer);
    // The rate for epoch `epoch` (≥ 1) given the rate `lr` in force; called by step() after the count advanced.
    virtual double next_lr(std::int64_t epoch, double lr, std::optional<double> metric) = 0;
    // Extra state of a subclass, saved and restored with the epoch.
    virtual std::vector<NamedTensor> extra_state() const { return {}; }
    virtual void load_extra_state(const std::vector<NamedTensor>&) {}

    Optimizer& optimizer_;

private:
    double base_lr_;
    std::int64_t epoch_ = 0;
};

// lr = base·factor for the first total_epochs epochs, then base (torch's ConstantLR). The defaults keep
// the rate constant (torch's defaults, factor 1/3 for 5 epochs, are a warm-up rather than a constant).
class ConstantLR : public Scheduler {
public:
    // Throws ConfigError unless factor is in (0, 1] and total_epochs ≥ 0.
    explicit ConstantLR(Optimizer& optimizer, double factor = 1.0, std::int64_t total_epochs = 0);

protected:
    double next_lr(std::int64_t epoch, double lr, std::optional<double> metric) override;

private:
    double factor_;
    std::int64_t total_epochs_;
};

// lr = base·γ^⌊epoch / step_size⌋ (torch's StepLR).
class StepLR : public Scheduler {
public:
    // Throws ConfigError unless step_size ≥ 1 and γ > 0.
    StepLR(Optimizer& optimizer, std::int64_t step_size, double gamma = 0.1);

protected:
    double next_lr(std::int64_t epoch, double lr, std::optional<double> metric) override;

private:
    std::int64_t step_size_;
    double gamma_;
};

// lr = base·γ^epoch (torch's ExponentialLR).
class ExponentialLR : public Scheduler {
public:
    // Throws ConfigError unless γ > 0.
    ExponentialLR(Optimizer& optimizer, double gamma);

protected:
    double next_lr(std::int64_t epoch, double lr, std::optional<double> metric) override;

private:
    double gamma_;
};

// lr = η_min + (base − η_min)·(1 + cos(π·epoch / T_max)) / 2 (torch's CosineAnnealingLR, SGDR without
// restarts). Past T_max the cosine continues, rising back towards base, as in PyTorch.
class CosineAnnealingLR : public Scheduler {
public:
    // Throws ConfigError unless t_max ≥ 1 and 0 ≤ eta_min.
    CosineAnnealingLR(Optimizer& optimizer, std::int64_t t_max, double eta_min = 0.0);

protected:
    double next_lr(std::int64_t epoch, double lr, std::optional<double> metric) override;

private:
    std::int64_t t_max_;
    double eta_min_;
};

// Multiplies the rate by `factor` when the metric has not improved for more than `patience` epochs
// (torch's ReduceLROnPlateau with threshold_mode "rel"). Improvement in "min" mode means
// metric < best·(1 − threshold); after a reduction, `cooldown` epochs pass before bad epochs count again.
// The rate never goes below min_lr, and a change smaller than eps is skipped.
struct PlateauOptions {
    bool maximize = false;  // "max" mode: watch an accuracy instead of a loss
    double factor = 0.1;    // in (0, 1)
    std::int64_t patience = 10;
    double threshold = 1e-4;
    std::int64_t cooldown = 0;
    double min_lr = 0.0;
    double eps = 1e-8;
};

class ReduceLROnPlateau : public Scheduler {
public:
    // Throws ConfigError for an out-of-range option.
    explicit ReduceLROnPlateau(Optimizer& optimizer, PlateauOptions options = {});
    double best() const { return best_; }
    std::int64_t bad_epochs() const { return bad_epochs_; }

protected:
    double next_lr(std::int64_t epoch, double lr, std::optional<double> metric) override;
    std::vector<NamedTensor> extra_state() const override;
    void load_extra_state(const std::vector<NamedTensor>& state) override;

private:
    bool better(double metric) const;
    PlateauOptions options_;
    double best_;
    std::int64_t bad_epochs_ = 0;
    std::int64_t cooldown_left_ = 0;
};

}  // namespace axon
