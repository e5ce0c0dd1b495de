// What a training run measured, epoch by epoch, and how to write it as JSON or CSV.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace axon {

// How large one parameter and its gradient were during an epoch (TrainerConfig::track_norms): the
// numbers that show vanishing gradients, e.g. a deep sigmoid net's first layer getting gradients
// orders of magnitude smaller than its last, where a ReLU net's stay comparable.
struct ParameterNorms {
    std::string name;        // the parameter's state_dict name, "0.weight", "0.bias", ...
    double weight_norm = 0;  // ‖w‖₂ over all its elements, at the end of the epoch
    // mean over the epoch's steps of ‖∂L/∂w‖₂, measured right after backward() (before gradient
    // clipping and the optimiser step); steps where the parameter got no gradient are not counted
    double grad_norm = 0;
};

// One epoch. Accuracy is a fraction in [0, 1] for classification; for regression the "accuracy"
// fields hold R² (1 − SS_res/SS_tot) and `metric_name` says so. NaN marks a value not measured
// (no validation set).
struct EpochRecord {
    std::int64_t epoch = 0;  // 1-based
    double train_loss = 0, train_accuracy = 0;
    double val_loss = 0, val_accuracy = 0;
    double learning_rate = 0;
    double seconds = 0;             // wall time of the epoch's training steps (evaluation excluded)
    double samples_per_second = 0;  // training samples / seconds
    std::vector<ParameterNorms> norms;  // one per parameter, in state_dict order; empty unless tracked
};

struct History {
    std::string metric_name = "accuracy";  // or "r2"
    std::vector<EpochRecord> epochs;
    bool stopped_early = false;
    std::string stop_reason;

    // {"metric": "accuracy", "epochs": [{"epoch": 1, "train_loss": ...}, ...], ...}; an epoch with
    // norms also has "norms": [{"name": "0.weight", "weight_norm": ..., "grad_norm": ...}, ...].
    std::string to_json() const;
    // Reads what to_json wrote (null → NaN). Throws IoError naming the key when the text is not such JSON.
    static History from_json(const std::string& json);
    // epoch,train_loss,train_accuracy,val_loss,val_accuracy,learning_rate,seconds,samples_per_second
    std::string to_csv() const;
};

}  // namespace axon
