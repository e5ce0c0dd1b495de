#include "run_io.hpp"

#include <cstdio>

#include "axon/error.hpp"
#include "axon/layers/architecture.hpp"

namespace axon::cli {

namespace {
nlohmann::json parse_info(const ModelFile& file, const char* key, const std::string& path) {
    auto it = file.info.find(key);
    if (it == file.info.end()) return nlohmann::json::object();
    try {
        return nlohmann::json::parse(it->second);
    } catch (const nlohmann::json::exception&) {
        throw IoError(fmt::format("load_model: '{}' has a malformed '{}' entry", path, key));
    }
}
}  // namespace

LoadedModel load_model(const std::string& path) {
    LoadedModel m;
    m.file = load_model_file(path);
    m.model = build_architecture(m.file.architecture, m.file.in_features);
    load_state_dict(*m.model, m.file.model_state, path);
    m.model->eval();
    m.settings = parse_info(m.file, "settings", path);
    m.metrics = parse_info(m.file, "metrics", path);
    return m;
}

Dataset evaluation_set(const std::string& spec, const nlohmann::json& settings) {
    DataSource source = load_data_spec(spec);
    if (!source.test.empty()) return std::move(source.test);
    if (settings.value("data", std::string()) == spec && settings.value("test", std::string()).empty()) {
        TrainValSplit split =
            train_val_split(source.train, kHoldOutFraction, hold_out_seed(settings.value("seed", std::uint64_t{0})));
        split.val.set_name(source.train.name() + " hold-out");
        return std::move(split.val);
    }
    return std::move(source.train);
}

void apply_saved_transform(const nlohmann::json& settings, Dataset& data) {
    if (!settings.contains("feature_shift")) return;
    FeatureScaler scaler{settings["feature_shift"].get<std::vector<float>>(),
                         settings["feature_mul"].get<std::vector<float>>()};
    scaler.apply(data);
}

void write_text(const std::string& path, const std::string& text, const char* where) {
    if (path == "-") {
        std::fwrite(text.data(), 1, text.size(), stdout);
        return;
    }
    write_file_atomically(path, text, where);
}

}  // namespace axon::cli
