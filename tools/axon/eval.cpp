// axon eval MODEL --data SPEC: loss and accuracy (or R²) of a saved model on a data set.
#include <cstdio>

#include "commands.hpp"
#include "run_io.hpp"

namespace axon::cli {

namespace {

struct EvalOptions {
    std::string model, data, metrics_json;
};

void run_eval(const EvalOptions& o) {
    LoadedModel m = load_model(o.model);
    Dataset data = evaluation_set(o.data.empty() ? m.settings.value("data", std::string()) : o.data, m.settings);
    apply_saved_transform(m.settings, data);
    if (data.num_features() != m.file.in_features)
        throw ShapeError(fmt::format("eval: '{}' has {} features, the model expects {}", o.data, data.num_features(),
                                     m.file.in_features));
    TrainerConfig config;
    config.loss = parse_loss(m.settings.value("loss", std::string("cross_entropy")));
    config.epochs = 1;
    config.progress = false;
    GradientDescent unused(m.model->parameters(), 1.0);  // evaluate() never steps
    Trainer trainer(*m.model, unused, config);
    Evaluation e = trainer.evaluate(data);
    const bool regression = data.task() == Task::regression;
    const std::string metric = regression ? "r2" : "accuracy";
    std::printf("%s: loss %.6f, %s %s (%lld samples)\n", data.description().c_str(), e.loss,
                regression ? "R²" : "accuracy",
                regression ? fmt::format("{:.4f}", e.accuracy).c_str() : fmt::format("{:.2f}%", 100 * e.accuracy).c_str(),
                static_cast<long long>(e.samples));
    if (!o.metrics_json.empty()) {
        nlohmann::json out = {{"test_loss", e.loss}, {"test_" + metric, e.accuracy}, {"samples", e.samples}};
        write_text(o.metrics_json, out.dump(2) + "\n", "metrics-json");
    }
}

}  // namespace

void add_eval(CLI::App& app) {
    auto o = std::make_shared<EvalOptions>();
    CLI::App* cmd = app.add_subcommand("eval", "evaluate a saved model on a data set");
    cmd->add_option("MODEL", o->model, "model file written by axon train --out")->required();
    cmd->add_option("--data", o->data, "data spec (default: the one the model was trained on); its test split is used, or for the training spec the training run's hold-out");
    cmd->add_option("--metrics-json", o->metrics_json, "write the metrics as JSON");
    cmd->callback([o] { run_eval(*o); });
}

}  // namespace axon::cli
