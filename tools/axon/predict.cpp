// axon predict MODEL --data SPEC: one prediction per sample, as CSV.
#include <algorithm>

#include "axon/autograd.hpp"
#include "axon/ops/activation.hpp"
#include "commands.hpp"
#include "run_io.hpp"

namespace axon::cli {

namespace {

struct PredictOptions {
    std::string model, data, out = "-";
};

void run_predict(const PredictOptions& o) {
    LoadedModel m = load_model(o.model);
    Dataset data = evaluation_set(o.data, m.settings);
    apply_saved_transform(m.settings, data);
    if (data.num_features() != m.file.in_features)
        throw ShapeError(fmt::format("predict: '{}' has {} features, the model expects {}", o.data, data.num_features(),
                                     m.file.in_features));
    const bool regression = m.file.info.count("task") && m.file.info.at("task") == "regression";
    const std::string loss = m.settings.value("loss", std::string("cross_entropy"));
    NoGradGuard no_grad;
    std::string csv;
    Tensor x, targets;
    std::vector<std::int64_t> indices;
    constexpr std::int64_t kBatch = 1000;
    for (std::int64_t start = 0; start < data.size(); start += kBatch) {
        indices.resize(static_cast<std::size_t>(std::min(kBatch, data.size() - start)));
        for (std::size_t i = 0; i < indices.size(); ++i) indices[i] = start + static_cast<std::int64_t>(i);
        data.gather_batch(indices, x, targets);
        Tensor y = m.model->forward(x);
        const std::int64_t n = y.dim(0), c = y.numel() / n;
        if (csv.empty())
            csv = regression ? "index,prediction\n" : (c == 1 ? "index,label,probability\n" : "index,label,confidence\n");
        const float* p = y.data<float>();
        if (regression) {
            for (std::int64_t i = 0; i < n; ++i) {
                csv += std::to_string(start + i);
                for (std::int64_t j = 0; j < c; ++j) csv += fmt::format(",{:.7g}", p[i * c + j]);
                csv += '\n';
            }
        } else if (c == 1) {  // one output: a logit, or a probability after a sigmoid
            Tensor prob = loss == "bce" ? y : ops::sigmoid(y);
            for (std::int64_t i = 0; i < n; ++i)
                csv += fmt::format("{},{},{:.6f}\n", start + i, prob.at(i) > 0.5 ? 1 : 0, prob.at(i));
        } else {
            Tensor prob = ops::softmax(y, -1);
            const float* q = prob.data<float>();
            for (std::int64_t i = 0; i < n; ++i) {
                const float* row = q + i * c;
                auto best = std::max_element(row, row + c) - row;
                csv += fmt::format("{},{},{:.6f}\n", start + i, best, row[best]);
            }
        }
    }
    write_text(o.out, csv, "predict");
}

}  // namespace

void add_predict(CLI::App& app) {
    auto o = std::make_shared<PredictOptions>();
    CLI::App* cmd = app.add_subcommand("predict", "write a saved model's predictions for a data set as CSV");
    cmd->add_option("MODEL", o->model, "model file written by axon train --out")->required();
    cmd->add_option("--data", o->data, "data spec; its test split is used, or for the training spec the training run's hold-out")->required();
    cmd->add_option("--out", o->out, "CSV file to write (default: standard output)");
    cmd->callback([o] { run_predict(*o); });
}

}  // namespace axon::cli
