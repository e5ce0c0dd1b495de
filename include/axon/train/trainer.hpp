// Trainer: epochs of shuffled minibatches, evaluation, early stopping, divergence detection,
// progress, and a checkpoint hook. It trains any Module on a Dataset with any Optimizer.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "axon/io/dataset.hpp"
#include "axon/layers/module.hpp"
#include "axon/optim/optimizer.hpp"
#include "axon/random.hpp"
#include "axon/train/history.hpp"

namespace axon {

// The training loss, chosen by name:
//   cross_entropy     softmax cross-entropy on the model's logits (N, C) and class labels (default for classes)
//   mse               mean squared error against targets, or against one-hot rows for classes (note 004)
//   se                squared error summed over the batch (note 004's SE)
//   bce_with_logits   binary cross-entropy on one logit per sample, labels 0/1
//   bce               binary cross-entropy on probabilities (the model ends with a sigmoid)
// Throws ConfigError listing the names for an unknown one.
enum class LossKind { cross_entropy, mse, se, bce_with_logits, bce };
LossKind parse_loss(const std::string& name);
const char* loss_name(LossKind kind);

struct Evaluation {
    double loss = 0;
    double accuracy = 0;  // fraction correct, or R² for regression
    std::int64_t samples = 0;
};

struct TrainerConfig {
    std::int64_t epochs = 10;
    std::int64_t batch_size = 128;  // 0 or ≥ N: full-batch gradient descent
    bool shuffle = true;
    LossKind loss = LossKind::cross_entropy;
    std::uint64_t seed = 0;             // shuffling
    std::int64_t early_stop = 0;        // stop after this many epochs without a better validation loss; 0 = never
    double clip_grad_norm = 0;          // 0 = no clipping
    bool progress = true;               // a bar on a terminal, a line per epoch otherwise
    std::int64_t eval_batch_size = 1000;
    // Record every parameter's weight and gradient norm in EpochRecord::norms (see ParameterNorms).
    // Costs one pass over the gradients per step (outside the timed part); off keeps the fast path.
    bool track_norms = false;
};

// State at the end of an epoch, handed to the epoch hook (checkpointing, live reports).
struct EpochEnd {
    const EpochRecord& record;
    bool improved;  // best validation loss so far (or best training loss without validation)
    std::int64_t step;
};

class Trainer {
public:
    // Throws ConfigError for a non-positive epoch count or a negative batch size.
    Trainer(Module& model, Optimizer& optimizer, TrainerConfig config);

    // Trains on `train`, evaluating on `validation` (may be empty) after every epoch. Resumes from
    // epoch `start_epoch` (0 for a fresh run). Throws NumericError, naming the epoch and step and
    // suggesting a lower learning rate, when the loss becomes NaN or infinite.
    History fit(const Dataset& train, const Dataset& validation, std::int64_t start_epoch = 0);

    // Loss and accuracy (or R²) on a whole dataset, in evaluation mode without recording a graph.
    Evaluation evaluate(const Dataset& data);

    // Called after each epoch (after evaluation).
    std::function<void(const EpochEnd&)> on_epoch_end;
    // Called before each epoch with its 1-based number: learning-rate schedules hook in here.
    std::function<void(std::int64_t epoch, const std::optional<Evaluation>& last_validation)> on_epoch_begin;

    // The shuffling generator: part of a checkpoint, so that a resumed run sees the same batches.
    Generator& shuffle_generator() { return generator_; }
    std::int64_t step() const { return step_; }
    void set_step(std::int64_t step) { step_ = step; }
    History& history() { return history_; }

private:
    Module& model_;
    Optimizer& optimizer_;
    TrainerConfig config_;
    Generator generator_;
    std::int64_t step_ = 0;
    History history_;
};

// The loss of `output` for a batch, as the Trainer computes it (exposed for tests and eval).
Tensor batch_loss(LossKind kind, const Tensor& output, std::span<const std::int32_t> labels, const Tensor& targets,
                  std::int64_t num_classes);

}  // namespace axon
