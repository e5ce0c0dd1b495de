#include "axon/train/trainer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "axon/autograd.hpp"
#include "axon/ops/loss.hpp"
#include "axon/optim/clip.hpp"
#include "train/progress.hpp"

namespace axon {

namespace {

const std::pair<const char*, LossKind> kLosses[] = {{"cross_entropy", LossKind::cross_entropy},
                                                     {"mse", LossKind::mse},
                                                     {"se", LossKind::se},
                                                     {"bce_with_logits", LossKind::bce_with_logits},
                                                     {"bce", LossKind::bce}};

bool uses_labels(LossKind kind) { return kind == LossKind::cross_entropy; }

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// Running sums that give accuracy for classes, R² for regression.
struct Score {
    double loss_sum = 0;
    std::int64_t samples = 0, correct = 0;
    double ss_res = 0, sum_t = 0, sum_t2 = 0, count_t = 0;

    void add_classes(const Tensor& output, std::span<const std::int32_t> labels, LossKind kind) {
        const std::int64_t n = output.dim(0), c = output.numel() / n;
        const float* y = output.data<float>();
        for (std::int64_t i = 0; i < n; ++i) {
            std::int32_t predicted;
            if (c == 1) {
                const float threshold = kind == LossKind::bce ? 0.5f : 0.0f;
                predicted = y[i] > threshold ? 1 : 0;
            } else {
                predicted = static_cast<std::int32_t>(std::max_element(y + i * c, y + (i + 1) * c) - (y + i * c));
            }
            correct += predicted == labels[static_cast<std::size_t>(i)];
        }
    }
    void add_targets(const Tensor& output, const Tensor& targets) {
        const float* y = output.data<float>();
        const float* t = targets.data<float>();
        for (std::int64_t i = 0; i < targets.numel(); ++i) {
            const double d = static_cast<double>(y[i]) - t[i];
            ss_res += d * d;
            sum_t += t[i];
            sum_t2 += static_cast<double>(t[i]) * t[i];
            count_t += 1;
        }
    }
    // SE is a sum over the samples (note 004); every other loss is a mean, so batches are weighted by size.
    void add_loss(double batch_loss, std::int64_t batch_size, LossKind kind) {
        loss_sum += kind == LossKind::se ? batch_loss : batch_loss * static_cast<double>(batch_size);
        samples += batch_size;
    }
    double loss(LossKind kind) const { return kind == LossKind::se ? loss_sum : loss_sum / static_cast<double>(samples); }
    double accuracy(bool regression) const {
        if (!regression) return samples ? static_cast<double>(correct) / static_cast<double>(samples) : NAN;
        const double ss_tot = sum_t2 - sum_t * sum_t / count_t;
        return ss_tot > 0 ? 1.0 - ss_res / ss_tot : NAN;
    }
};

// Gathers the rows' features once, with the labels and/or float targets the loss needs. For a
// classification set scored by a target-based loss (bce, mse), the targets are the labels as floats
// (N, 1), which is what Dataset's target overload would give, without gathering x a second time.
void gather(const Dataset& data, std::span<const std::int64_t> indices, LossKind loss, Tensor& x,
            std::vector<std::int32_t>& labels, Tensor& targets) {
    if (data.task() == Task::regression) {
        data.gather_batch(indices, x, targets);
        return;
    }
    data.gather_batch(indices, x, labels);
    if (uses_labels(loss)) return;
    const std::int64_t n = static_cast<std::int64_t>(labels.size());
    if (!targets.defined() || targets.dtype() != DType::f32 || targets.shape() != Shape{n, 1})
        targets = Tensor::empty({n, 1}, DType::f32);
    float* t = targets.data<float>();
    for (std::int64_t i = 0; i < n; ++i) t[i] = static_cast<float>(labels[static_cast<std::size_t>(i)]);
}

// ‖t‖₂ in double; 0 for an undefined tensor.
double l2_norm(const Tensor& t) {
    if (!t.defined()) return 0;
    double sum = 0;
    if (t.dtype() == DType::f32) {
        const float* p = t.data<float>();
        for (std::int64_t i = 0; i < t.numel(); ++i) sum += static_cast<double>(p[i]) * p[i];
    } else {
        const double* p = t.data<double>();
        for (std::int64_t i = 0; i < t.numel(); ++i) sum += p[i] * p[i];
    }
    return std::sqrt(sum);
}

// Sums of per-step gradient norms over an epoch, one per parameter (TrainerConfig::track_norms).
struct NormTracker {
    std::vector<double> grad_sum;
    std::vector<std::int64_t> grad_steps;

    void begin_epoch(std::size_t parameters) {
        grad_sum.assign(parameters, 0.0);
        grad_steps.assign(parameters, 0);
    }
    void add_step(const std::vector<Tensor>& parameters) {
        for (std::size_t i = 0; i < parameters.size(); ++i) {
            Tensor g = parameters[i].grad();
            if (!g.defined()) continue;
            grad_sum[i] += l2_norm(g);
            ++grad_steps[i];
        }
    }
    std::vector<ParameterNorms> end_epoch(const std::vector<Tensor>& parameters,
                                          const std::vector<std::string>& names) const {
        std::vector<ParameterNorms> out;
        for (std::size_t i = 0; i < parameters.size(); ++i)
            out.push_back({names[i], l2_norm(parameters[i]),
                           grad_steps[i] ? grad_sum[i] / static_cast<double>(grad_steps[i]) : 0.0});
        return out;
    }
};

}  // namespace

LossKind parse_loss(const std::string& name) {
    for (const auto& [n, kind] : kLosses)
        if (name == n) return kind;
    std::string known;
    for (const auto& [n, kind] : kLosses) known += (known.empty() ? "" : ", ") + std::string(n);
    throw ConfigError(fmt::format("loss: unknown loss '{}' (known: {})", name, known));
}

const char* loss_name(LossKind kind) {
    for (const auto& [n, k] : kLosses)
        if (k == kind) return n;
    return "?";
}

Tensor batch_loss(LossKind kind, const Tensor& output, std::span<const std::int32_t> labels, const Tensor& targets,
                  std::int64_t num_classes) {
    switch (kind) {
        case LossKind::cross_entropy: return ops::cross_entropy(output, labels);
        case LossKind::mse:
            return ops::mse_loss(output, num_classes > 0 && output.dim(-1) == num_classes && targets.dim(-1) == 1
                                             ? one_hot(labels, num_classes)
                                             : targets);
        case LossKind::se: return ops::se_loss(output, targets);
        case LossKind::bce_with_logits: return ops::bce_with_logits_loss(output, targets);
        case LossKind::bce: return ops::bce_loss(output, targets);
    }
    throw ConfigError("batch_loss: unknown loss kind");
}

Trainer::Trainer(Module& model, Optimizer& optimizer, TrainerConfig config)
    : model_(model), optimizer_(optimizer), config_(config), generator_(config.seed) {
    if (config_.epochs <= 0) throw ConfigError(fmt::format("Trainer: epochs must be > 0 (got {})", config_.epochs));
    if (config_.batch_size < 0)
        throw ConfigError(fmt::format("Trainer: batch size must be ≥ 0 (got {})", config_.batch_size));
}

namespace {
void check_compatible(const Dataset& data, LossKind kind, const char* which) {
    if (data.empty()) return;
    if (uses_labels(kind) && data.task() != Task::classification)
        throw ConfigError(fmt::format("Trainer: loss {} needs class labels, but the {} set is a regression set",
                                      loss_name(kind), which));
    if ((kind == LossKind::bce || kind == LossKind::bce_with_logits) && data.num_classes() > 2)
        throw ConfigError(fmt::format("Trainer: loss {} needs 2 classes, the {} set has {}", loss_name(kind), which,
                                      data.num_classes()));
}
}  // namespace

Evaluation Trainer::evaluate(const Dataset& data) {
    check_compatible(data, config_.loss, "evaluation");
    const bool was_training = model_.training();
    model_.eval();
    NoGradGuard no_grad;
    Score score;
    Tensor x, targets;
    std::vector<std::int32_t> labels;
    std::vector<std::int64_t> indices;
    const std::int64_t n = data.size(), b = std::max<std::int64_t>(1, config_.eval_batch_size);
    const bool regression = data.task() == Task::regression;
    for (std::int64_t start = 0; start < n; start += b) {
        indices.resize(static_cast<std::size_t>(std::min(b, n - start)));
        for (std::size_t i = 0; i < indices.size(); ++i) indices[i] = start + static_cast<std::int64_t>(i);
        gather(data, indices, config_.loss, x, labels, targets);
        Tensor output = model_(x);
        Tensor loss = batch_loss(config_.loss, output, labels, targets, data.num_classes());
        score.add_loss(loss.item(), static_cast<std::int64_t>(indices.size()), config_.loss);
        if (regression) score.add_targets(output, targets);
        else score.add_classes(output, labels, config_.loss);
    }
    model_.train(was_training);
    return {score.loss(config_.loss), score.accuracy(regression), score.samples};
}

History Trainer::fit(const Dataset& train, const Dataset& validation, std::int64_t start_epoch) {
    if (train.empty()) throw ConfigError("Trainer::fit: the training set is empty");
    check_compatible(train, config_.loss, "training");
    check_compatible(validation, config_.loss, "validation");
    const bool regression = train.task() == Task::regression;
    history_.metric_name = regression ? "r2" : "accuracy";
    const std::int64_t n = train.size();
    const std::int64_t b = config_.batch_size == 0 ? n : std::min(config_.batch_size, n);
    const std::int64_t batches = (n + b - 1) / b;
    Progress progress(config_.progress, config_.epochs, batches, history_.metric_name);

    std::vector<std::int64_t> order(static_cast<std::size_t>(n));
    Tensor x, targets;
    std::vector<std::int32_t> labels;
    double best = std::numeric_limits<double>::infinity();
    std::int64_t since_best = 0;
    std::optional<Evaluation> last_validation;
    for (const auto& e : history_.epochs)
        if (std::isfinite(e.val_loss)) best = std::min(best, e.val_loss);

    for (std::int64_t epoch = start_epoch + 1; epoch <= config_.epochs; ++epoch) {
        if (on_epoch_begin) on_epoch_begin(epoch, last_validation);
        model_.train();
        for (std::int64_t i = 0; i < n; ++i) order[static_cast<std::size_t>(i)] = i;
        if (config_.shuffle) order = permutation(n, generator_);
        Score score;
        NormTracker norms;
        if (config_.track_norms) norms.begin_epoch(optimizer_.parameters().size());
        double steps_seconds = 0;
        progress.begin_epoch(epoch, optimizer_.lr());
        for (std::int64_t batch = 0; batch < batches; ++batch) {
            std::span<const std::int64_t> indices(order.data() + batch * b,
                                                  static_cast<std::size_t>(std::min(b, n - batch * b)));
            gather(train, indices, config_.loss, x, labels, targets);
            auto t0 = Clock::now();
            optimizer_.zero_grad();
            Tensor output = model_(x);
            Tensor loss = batch_loss(config_.loss, output, labels, targets, train.num_classes());
            const double value = loss.item();
            ++step_;
            if (!std::isfinite(value))
                throw NumericError(fmt::format(
                    "training diverged at epoch {}, step {}: the loss is {} (learning rate {}); "
                    "try a lower learning rate",
                    epoch, step_, value, optimizer_.lr()));
            loss.backward();
            if (config_.track_norms) {  // not timed: samples/s measures training alone
                steps_seconds += seconds_since(t0);
                norms.add_step(optimizer_.parameters());
                t0 = Clock::now();
            }
            if (config_.clip_grad_norm > 0) clip_grad_norm_(optimizer_.parameters(), config_.clip_grad_norm);
            optimizer_.step();
            steps_seconds += seconds_since(t0);
            score.add_loss(value, static_cast<std::int64_t>(indices.size()), config_.loss);
            {
                NoGradGuard no_grad;
                if (regression) score.add_targets(output.detach(), targets);
                else score.add_classes(output.detach(), labels, config_.loss);
            }
            progress.update(batch + 1, score.loss(config_.loss),
                            score.accuracy(regression), static_cast<double>(score.samples) / steps_seconds);
        }
        EpochRecord record;
        record.epoch = epoch;
        record.train_loss = score.loss(config_.loss);
        record.train_accuracy = score.accuracy(regression);
        record.learning_rate = optimizer_.lr();
        record.seconds = steps_seconds;
        record.samples_per_second = static_cast<double>(score.samples) / steps_seconds;
        record.val_loss = record.val_accuracy = NAN;
        if (config_.track_norms) record.norms = norms.end_epoch(optimizer_.parameters(), optimizer_.parameter_names());
        if (!validation.empty()) {
            Evaluation v = evaluate(validation);
            record.val_loss = v.loss;
            record.val_accuracy = v.accuracy;
            last_validation = v;
        }
        history_.epochs.push_back(record);
        progress.end_epoch(record);
        const double watched = validation.empty() ? record.train_loss : record.val_loss;
        const bool improved = watched < best;
        if (improved) {
            best = watched;
            since_best = 0;
        } else {
            ++since_best;
        }
        if (on_epoch_end) on_epoch_end(EpochEnd{history_.epochs.back(), improved, step_});
        if (config_.early_stop > 0 && since_best >= config_.early_stop) {
            history_.stopped_early = true;
            history_.stop_reason = fmt::format("no better {} loss for {} epochs (best {:.6g})",
                                               validation.empty() ? "training" : "validation", since_best, best);
            progress.message("early stop: " + history_.stop_reason);
            break;
        }
    }
    return history_;
}

}  // namespace axon
