// What the subcommands share: loading a model file into a ready model, evaluation data, JSON output.
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "axon/io/data_spec.hpp"
#include "axon/io/model_file.hpp"
#include "axon/layers/sequential.hpp"
#include "axon/train/trainer.hpp"

namespace axon::cli {

struct LoadedModel {
    ModelFile file;
    std::shared_ptr<Sequential> model;
    nlohmann::json settings;  // how it was trained (the train command's options)
    nlohmann::json metrics;   // final metrics of training
};

LoadedModel load_model(const std::string& path);
// Data sets without a test split of their own are tested on a seeded hold-out of this fraction.
inline constexpr double kHoldOutFraction = 0.2;
inline std::uint64_t hold_out_seed(std::uint64_t run_seed) { return run_seed + 1; }

// A data spec's evaluation set: its test split when it has one. Without one, the spec the model was
// trained on (with no --test) gives the training run's seeded hold-out, as `axon train` drew it, so
// that eval and predict see the test set train reported on; any other spec is used whole.
Dataset evaluation_set(const std::string& spec, const nlohmann::json& settings);

// The feature transform recorded at training time (standardisation), applied to new data.
void apply_saved_transform(const nlohmann::json& settings, Dataset& data);
// Writes text atomically to `path`, "-" meaning stdout.
void write_text(const std::string& path, const std::string& text, const char* where);

}  // namespace axon::cli
