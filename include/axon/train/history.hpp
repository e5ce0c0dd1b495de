// What a training run measured, epoch by epoch, and how to write it as JSON or CSV.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace axon {

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
};

struct History {
    std::string metric_name = "accuracy";  // or "r2"
    std::vector<EpochRecord> epochs;
    bool stopped_early = false;
    std::string stop_reason;

    // {"metric": "accuracy", "epochs": [{"epoch": 1, "train_loss": ...}, ...], ...}
    std::string to_json() const;
    // epoch,train_loss,train_accuracy,val_loss,val_accuracy,learning_rate,seconds,samples_per_second
    std::string to_csv() const;
};

}  // namespace axon
