// axon info MODEL: architecture, parameter count, training settings and final metrics.
#include <cstdio>

#include "commands.hpp"
#include "run_io.hpp"

namespace axon::cli {

namespace {
void run_info(const std::string& path) {
    LoadedModel m = load_model(path);
    std::int64_t count = 0;
    for (auto& p : m.model->named_parameters()) count += p.tensor.numel();
    std::printf("model: %s (axon model file, format version %u)\n", path.c_str(), kModelFileVersion);
    std::printf("architecture: %lld → %s\n", static_cast<long long>(m.file.in_features), m.file.architecture.c_str());
    std::printf("%s\n", m.model->describe().c_str());
    std::printf("parameters: %lld\n", static_cast<long long>(count));
    for (auto& p : m.model->named_parameters())
        std::printf("  %-16s %s\n", p.name.c_str(), shape_str(p.tensor.shape()).c_str());
    if (!m.settings.empty()) {
        nlohmann::json shown = m.settings;
        shown.erase("feature_shift");
        shown.erase("feature_mul");
        std::printf("training settings: %s\n", shown.dump().c_str());
    }
    if (!m.metrics.empty()) std::printf("final metrics: %s\n", m.metrics.dump().c_str());
}
}  // namespace

void add_info(CLI::App& app) {
    auto path = std::make_shared<std::string>();
    CLI::App* cmd = app.add_subcommand("info", "describe a saved model");
    cmd->add_option("MODEL", *path, "model file")->required();
    cmd->callback([path] { run_info(*path); });
}

}  // namespace axon::cli
