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
// The feature transform recorded at training time (standardisation), applied to new data.
void apply_saved_transform(const nlohmann::json& settings, Dataset& data);
// Writes text atomically to `path`, "-" meaning stdout.
void write_text(const std::string& path, const std::string& text, const char* where);

}  // namespace axon::cli
