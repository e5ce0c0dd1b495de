// run.json: a run's history, settings and metrics, with what the report draws from the model and the
// test set (confusion matrix, image grid, decision boundary, network weights).
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "axon/error.hpp"
#include "axon/io/safetensors.hpp"
#include "axon/report/report.hpp"

namespace axon::report {

namespace {

// The class each output row predicts (see run_json).
std::vector<std::int32_t> predicted_classes(const Tensor& output, bool probabilities) {
    const std::int64_t n = output.dim(0), c = output.numel() / n;
    const std::vector<double> y = output.to_vector();
    std::vector<std::int32_t> out(static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i) {
        const double* row = y.data() + i * c;
        out[static_cast<std::size_t>(i)] =
            c == 1 ? (row[0] > (probabilities ? 0.5 : 0.0) ? 1 : 0)
                   : static_cast<std::int32_t>(std::max_element(row, row + c) - row);
    }
    return out;
}

// The probability of the predicted class: softmax's largest entry, or σ / its complement for one output.
std::vector<double> confidences(const Tensor& output, bool probabilities) {
    const std::int64_t n = output.dim(0), c = output.numel() / n;
    const std::vector<double> y = output.to_vector();
    std::vector<double> out(static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i) {
        const double* row = y.data() + i * c;
        double p;
        if (c == 1) {
            const double q = probabilities ? row[0] : 1.0 / (1.0 + std::exp(-row[0]));
            p = std::max(q, 1.0 - q);
        } else {
            const double m = *std::max_element(row, row + c);
            double sum = 0;
            for (std::int64_t k = 0; k < c; ++k) sum += std::exp(row[k] - m);
            p = 1.0 / sum;
        }
        out[static_cast<std::size_t>(i)] = p;
    }
    return out;
}

// Every test row's predicted class, in batches of 1000 rows.
std::vector<std::int32_t> predict_test(Module& model, const Dataset& test, bool probabilities) {
    std::vector<std::int32_t> predicted;
    Tensor x;
    std::vector<std::int32_t> labels;
    std::vector<std::int64_t> indices;
    constexpr std::int64_t kBatch = 1000;
    for (std::int64_t start = 0; start < test.size(); start += kBatch) {
        indices.resize(static_cast<std::size_t>(std::min(kBatch, test.size() - start)));
        for (std::size_t i = 0; i < indices.size(); ++i) indices[i] = start + static_cast<std::int64_t>(i);
        test.gather_batch(indices, x, labels);
        std::vector<std::int32_t> p = predicted_classes(model(x), probabilities);
        predicted.insert(predicted.end(), p.begin(), p.end());
    }
    return predicted;
}

nlohmann::json confusion_json(const Dataset& test, const std::vector<std::int32_t>& predicted) {
    const std::int64_t c = std::max<std::int64_t>(test.num_classes(), 2);
    std::vector<std::vector<std::int64_t>> m(static_cast<std::size_t>(c), std::vector<std::int64_t>(c, 0));
    for (std::size_t i = 0; i < predicted.size(); ++i) {
        const auto t = static_cast<std::size_t>(test.labels()[i]);
        const auto p = static_cast<std::size_t>(std::clamp<std::int64_t>(predicted[i], 0, c - 1));
        ++m[t][p];
    }
    return {{"classes", c}, {"matrix", m}};
}

// Up to max_images test images (misclassified first, then in test order) as 0-255 pixels.
nlohmann::json images_json(const Dataset& test, const std::vector<std::int32_t>& predicted, std::int64_t max_images) {
    const Shape& shape = test.sample_shape();
    const std::int64_t d = test.num_features();
    std::vector<std::int64_t> order;
    for (int pass = 0; pass < 2; ++pass)
        for (std::int64_t i = 0; i < test.size() && static_cast<std::int64_t>(order.size()) < max_images; ++i) {
            const bool wrong = predicted[static_cast<std::size_t>(i)] != test.labels()[static_cast<std::size_t>(i)];
            if (wrong == (pass == 0)) order.push_back(i);
        }
    nlohmann::json items = nlohmann::json::array();
    for (std::int64_t i : order) {
        std::vector<int> pixels(static_cast<std::size_t>(d));
        if (test.stores_bytes()) {
            for (std::int64_t j = 0; j < d; ++j) pixels[static_cast<std::size_t>(j)] = test.bytes()[i * d + j];
        } else {  // float features: each image stretched to its own range
            std::vector<float> v(static_cast<std::size_t>(d));
            for (std::int64_t j = 0; j < d; ++j) v[static_cast<std::size_t>(j)] = test.floats()[i * d + j];
            const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
            const double range = *hi - *lo > 0 ? *hi - *lo : 1.0;
            for (std::size_t j = 0; j < v.size(); ++j)
                pixels[j] = static_cast<int>(std::lround(255.0 * (v[j] - *lo) / range));
        }
        items.push_back({{"pixels", pixels},
                         {"label", test.labels()[static_cast<std::size_t>(i)]},
                         {"predicted", predicted[static_cast<std::size_t>(i)]}});
    }
    return {{"height", shape[0]}, {"width", shape[1]}, {"items", items}};
}

// The predicted class over a grid covering the test points (5% margin), and the points themselves.
nlohmann::json boundary_json(Module& model, const Dataset& test, bool probabilities, const ReportOptions& options) {
    double x_min = INFINITY, x_max = -INFINITY, y_min = INFINITY, y_max = -INFINITY;
    for (std::int64_t i = 0; i < test.size(); ++i) {
        x_min = std::min<double>(x_min, test.feature(i, 0));
        x_max = std::max<double>(x_max, test.feature(i, 0));
        y_min = std::min<double>(y_min, test.feature(i, 1));
        y_max = std::max<double>(y_max, test.feature(i, 1));
    }
    const double mx = std::max(0.05 * (x_max - x_min), 1e-3), my = std::max(0.05 * (y_max - y_min), 1e-3);
    x_min -= mx, x_max += mx, y_min -= my, y_max += my;
    const std::int64_t r = std::max<std::int64_t>(options.boundary_resolution, 2);
    // Cell (row, col) is centred at (x_min + (col + ½)·Δx, y_min + (row + ½)·Δy).
    std::vector<float> grid_x(static_cast<std::size_t>(r * r * 2));
    for (std::int64_t row = 0; row < r; ++row)
        for (std::int64_t col = 0; col < r; ++col) {
            grid_x[static_cast<std::size_t>(2 * (row * r + col))] =
                static_cast<float>(x_min + (static_cast<double>(col) + 0.5) * (x_max - x_min) / static_cast<double>(r));
            grid_x[static_cast<std::size_t>(2 * (row * r + col) + 1)] =
                static_cast<float>(y_min + (static_cast<double>(row) + 0.5) * (y_max - y_min) / static_cast<double>(r));
        }
    const Tensor output = model(Tensor::from(std::span<const float>(grid_x), {r * r, 2}));
    const std::vector<std::int32_t> classes = predicted_classes(output, probabilities);
    std::vector<double> confidence = confidences(output, probabilities);
    for (double& c : confidence) c = std::round(c * 1000) / 1000;  // three digits are plenty for a shade
    nlohmann::json points = nlohmann::json::array();
    const std::int64_t step = std::max<std::int64_t>(1, (test.size() + options.max_points - 1) / options.max_points);
    for (std::int64_t i = 0; i < test.size(); i += step)
        points.push_back({test.feature(i, 0), test.feature(i, 1), test.labels()[static_cast<std::size_t>(i)]});
    return {{"x_min", x_min},           {"x_max", x_max},   {"y_min", y_min},
            {"y_max", y_max},           {"resolution", r},  {"classes", std::max<std::int64_t>(test.num_classes(), 2)},
            {"grid", classes},          {"confidence", confidence}, {"points", points}};
}

// The chain of Linear layers: 2-D "<k>.weight" parameters (O, D), each D the previous O.
nlohmann::json network_json(Module& model, std::int64_t in_features, std::int64_t max_units) {
    auto params = model.named_parameters();
    nlohmann::json layers = nlohmann::json::array(), weights = nlohmann::json::array(),
                   biases = nlohmann::json::array();
    auto shown = [&](std::int64_t units) { return std::min(units, max_units); };
    layers.push_back({{"units", in_features}, {"shown", shown(in_features)}});
    std::int64_t width = in_features;
    for (std::size_t k = 0; k < params.size(); ++k) {
        const auto& p = params[k];
        const bool is_weight = p.name.size() > 7 && p.name.compare(p.name.size() - 7, 7, ".weight") == 0;
        if (!is_weight || p.tensor.ndim() != 2) continue;
        const std::int64_t o = p.tensor.dim(0), d = p.tensor.dim(1);
        if (d != width) break;
        const std::vector<double> w = p.tensor.to_vector();
        nlohmann::json matrix = nlohmann::json::array();  // [shown O][shown D]
        for (std::int64_t i = 0; i < shown(o); ++i) {
            std::vector<double> row;
            for (std::int64_t j = 0; j < shown(d); ++j) row.push_back(w[static_cast<std::size_t>(i * d + j)]);
            matrix.push_back(row);
        }
        std::vector<double> b;
        const std::string bias_name = p.name.substr(0, p.name.size() - 7) + ".bias";
        if (k + 1 < params.size() && params[k + 1].name == bias_name) {
            const std::vector<double> all = params[k + 1].tensor.to_vector();
            b.assign(all.begin(), all.begin() + shown(o));
        }
        layers.push_back({{"units", o}, {"shown", shown(o)}, {"name", p.name.substr(0, p.name.size() - 7)}});
        weights.push_back(matrix);
        biases.push_back(b);
        width = o;
    }
    return {{"layers", layers}, {"weights", weights}, {"biases", biases}};
}

}  // namespace

nlohmann::json run_json(const RunInfo& info, Module& model, const Dataset& test, const ReportOptions& options) {
    nlohmann::json run;
    run["format"] = "axon-run";
    run["version"] = 1;
    run["title"] = info.title;
    run["status"] = info.status;
    run["architecture"] = info.architecture;
    std::int64_t parameters = 0;
    for (auto& p : model.named_parameters()) parameters += p.tensor.numel();
    run["parameters"] = parameters;
    run["settings"] = info.settings;
    run["metrics"] = info.metrics;
    run["history"] = nlohmann::json::parse(info.history.to_json());
    run["data"] = {{"train", info.train_description},
                   {"test", test.description()},
                   {"watched", info.watched_name},
                   {"task", task_name(test.task())},
                   {"num_classes", test.num_classes()},
                   {"num_features", test.num_features()},
                   {"sample_shape", test.sample_shape()}};

    const bool was_training = model.training();
    model.eval();
    NoGradGuard no_grad;
    run["network"] = network_json(model, test.num_features(), options.max_units_per_layer);
    if (test.task() == Task::classification && !test.empty()) {
        const bool probabilities = info.settings.is_object() && info.settings.value("loss", std::string()) == "bce";
        const std::vector<std::int32_t> predicted = predict_test(model, test, probabilities);
        run["confusion"] = confusion_json(test, predicted);
        if (test.sample_shape().size() == 2 && options.max_images > 0)
            run["images"] = images_json(test, predicted, options.max_images);
        if (test.num_features() == 2) run["boundary"] = boundary_json(model, test, probabilities, options);
    }
    model.train(was_training);
    return run;
}

nlohmann::json read_run_json(const std::filesystem::path& path) {
    const std::string name = path.string();
    if (!std::filesystem::exists(path))
        throw IoError(fmt::format("report: '{}' does not exist (a run directory holds run.json, written by "
                                  "axon train --report DIR)", name));
    const std::string text = read_file_bytes(path, "report");
    nlohmann::json run;
    try {
        run = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        throw IoError(fmt::format("report: '{}' is not valid JSON ({})", name, e.what()));
    }
    if (!run.is_object() || run.value("format", std::string()) != "axon-run")
        throw IoError(fmt::format("report: '{}' is not an axon run (no \"format\": \"axon-run\")", name));
    if (!run.contains("history") || !run["history"].is_object() || !run["history"].contains("epochs"))
        throw IoError(fmt::format("report: '{}' has no training history", name));
    try {
        History::from_json(run["history"].dump());
    } catch (const IoError& e) {
        throw IoError(fmt::format("report: '{}': {}", name, e.what()));
    }
    return run;
}

}  // namespace axon::report
