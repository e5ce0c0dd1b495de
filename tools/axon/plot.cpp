// axon plot KIND ...: the course's pictures from runs and models, each written as STEM.png and STEM.svg
// (the network also as STEM.dot); the paths written are printed, one per line.
//   axon plot loss RUN.json|history.csv     train / validation loss and accuracy per epoch
//   axon plot boundary MODEL [--data SPEC]  decision regions of a 2-input classifier, data on top
//   axon plot network MODEL                 the Linear layers as a graph (Graphviz)
//   axon plot gd [--lr 0.1,0.001,0.665757,0.7] [--start X,Y] [--steps N] [--function course]
//   axon plot weights MODEL                 the first layer's units as images (784-input models)
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "axon/error.hpp"
#include "axon/io/data_spec.hpp"
#include "axon/io/model_file.hpp"
#include "axon/plot/charts.hpp"
#include "axon/plot/network_graph.hpp"
#include "commands.hpp"
#include "run_io.hpp"

namespace axon::cli {

namespace {

void print_paths(const std::vector<std::filesystem::path>& paths) {
    for (const auto& p : paths) std::printf("%s\n", p.string().c_str());
}

void require_file(const std::string& path, const char* what) {
    if (!std::filesystem::exists(path))
        throw IoError(fmt::format("axon plot {}: no such file '{}'", what, path));
}

void run_loss(const std::string& run, const std::string& stem, const std::string& title) {
    require_file(run, "loss");
    auto history = plot::read_history(run);
    if (history.epochs.empty()) throw IoError(fmt::format("axon plot loss: '{}' has no epochs", run));
    auto figure = plot::loss_curves(history, title.empty() ? fmt::format("Training history: {}", std::filesystem::path(run).filename().string()) : title);
    print_paths(plot::save_png_and_svg(figure, stem));
}

void run_boundary(const std::string& model_path, std::string spec, const std::string& stem, std::int64_t resolution) {
    require_file(model_path, "boundary");
    LoadedModel m = load_model(model_path);
    if (m.file.in_features != 2)
        throw ConfigError(fmt::format("axon plot boundary: the model takes {} inputs; a decision boundary needs a 2-input "
                                      "model (train one on synthetic:gaussian_mixture, xor or spirals)",
                                      m.file.in_features));
    if (spec.empty()) spec = m.settings.value("data", std::string());
    if (spec.empty()) throw ConfigError("axon plot boundary: the model does not record its data; pass --data SPEC");
    Dataset data = load_data_spec(spec).train;
    if (data.num_features() != 2)
        throw ConfigError(fmt::format("axon plot boundary: the data '{}' has {} features, not 2", spec, data.num_features()));
    // The grid and the points stay in the data's own coordinates; the model sees them through the
    // standardisation it was trained with.
    std::vector<float> shift, mul;
    if (m.settings.contains("feature_shift")) {
        shift = m.settings["feature_shift"].get<std::vector<float>>();
        mul = m.settings["feature_mul"].get<std::vector<float>>();
    }
    auto classify = [&](const Tensor& points) {
        if (shift.empty()) return plot::model_classes(*m.model, points);
        auto xy = points.to_vector();
        std::vector<float> moved(xy.size());
        for (std::size_t i = 0; i < xy.size(); ++i)
            moved[i] = (static_cast<float>(xy[i]) - shift[i % 2]) * mul[i % 2];
        return plot::model_classes(*m.model, Tensor::from(std::span<const float>(moved), points.shape()));
    };
    plot::BoundaryOptions options;
    options.resolution = resolution;
    options.title = fmt::format("{} on {}", m.file.architecture, spec);
    plot::Figure figure;
    figure.panel_width = 620;
    figure.panel_height = 540;
    figure.panels.push_back(plot::decision_boundary(plot::BatchClassifier2d(classify), data, options));
    print_paths(plot::save_png_and_svg(figure, stem));
}

void run_network(const std::string& model_path, const std::string& stem, std::int64_t max_units) {
    require_file(model_path, "network");
    LoadedModel m = load_model(model_path);
    plot::NetworkGraphOptions options;
    options.title = fmt::format("{} → {}", m.file.in_features, m.file.architecture);
    options.max_units_per_layer = max_units;
    auto dot = plot::network_dot(state_dict(*m.model), options);
    std::filesystem::path dot_path = stem + ".dot", png = stem + ".png", svg = stem + ".svg";
    write_text(dot_path.string(), dot, "axon plot network");
    plot::render_dot(dot, png);
    plot::render_dot(dot, svg);
    print_paths({dot_path, png, svg});
}

std::vector<double> parse_numbers(const std::string& text, const char* option) {
    std::vector<double> values;
    std::size_t begin = 0;
    while (begin <= text.size()) {
        auto end = text.find(',', begin);
        if (end == std::string::npos) end = text.size();
        auto part = text.substr(begin, end - begin);
        char* stop = nullptr;
        double v = std::strtod(part.c_str(), &stop);
        if (part.empty() || *stop != '\0' || !std::isfinite(v))
            throw ConfigError(fmt::format("axon plot gd: {} '{}': '{}' is not a number", option, text, part));
        values.push_back(v);
        begin = end + 1;
    }
    return values;
}

void run_gd(const std::string& function_name, const std::string& lr, const std::string& start_text, std::int64_t steps,
            const std::string& stem) {
    auto function = plot::function_2d(function_name);
    auto rates = parse_numbers(lr, "--lr");
    for (double eta : rates)
        if (eta <= 0) throw ConfigError(fmt::format("axon plot gd: --lr must be > 0 (got {:g})", eta));
    auto start = function.start;
    if (!start_text.empty()) {
        auto xy = parse_numbers(start_text, "--start");
        if (xy.size() != 2) throw ConfigError(fmt::format("axon plot gd: --start takes X,Y (got '{}')", start_text));
        start = {xy[0], xy[1]};
    }
    print_paths(plot::save_png_and_svg(plot::gd_trajectories(function, start, rates, steps), stem));
}

void run_weights(const std::string& model_path, const std::string& stem, std::int64_t units) {
    require_file(model_path, "weights");
    LoadedModel m = load_model(model_path);
    auto side = static_cast<std::int64_t>(std::llround(std::sqrt(static_cast<double>(m.file.in_features))));
    if (side * side != m.file.in_features)
        throw ConfigError(fmt::format("axon plot weights: the model takes {} inputs, not a square image (784 = 28 × 28)",
                                      m.file.in_features));
    print_paths(plot::save_png_and_svg(plot::first_layer_weights(state_dict(*m.model), {side, side}, units), stem));
}

}  // namespace

void add_plot(CLI::App& app) {
    CLI::App* plot = app.add_subcommand("plot", "draw pictures of runs and models (PNG + SVG)");
    plot->require_subcommand(1);

    struct Options {
        std::string input, data, out, title, lr = "0.1,0.001,0.665757,0.7", start, function = "course";
        std::int64_t steps = 30, resolution = 200, units = 16;
    };
    auto o = std::make_shared<Options>();

    auto* loss = plot->add_subcommand("loss", "loss and accuracy per epoch from --metrics-json or --history-csv");
    loss->add_option("RUN", o->input, "RUN.json (axon train --metrics-json) or history.csv (--history-csv)")->required();
    loss->add_option("--out", o->out, "output stem: writes STEM.png and STEM.svg")->default_val("loss");
    loss->add_option("--title", o->title, "figure title");
    loss->callback([o] { run_loss(o->input, o->out, o->title); });

    auto* boundary = plot->add_subcommand("boundary", "decision regions of a 2-input classifier with its data");
    boundary->add_option("MODEL", o->input, "model file")->required();
    boundary->add_option("--data", o->data, "2-D data spec (default: the data the model was trained on)");
    boundary->add_option("--resolution", o->resolution, "grid cells along the longer side")->default_val(200)->check(CLI::Range(2, 2000));
    boundary->add_option("--out", o->out, "output stem")->default_val("boundary");
    boundary->callback([o] { run_boundary(o->input, o->data, o->out, o->resolution); });

    auto* network = plot->add_subcommand("network", "the network as a graph: STEM.dot, STEM.png, STEM.svg");
    network->add_option("MODEL", o->input, "model file")->required();
    network->add_option("--units", o->units, "units shown per layer")->default_val(16)->check(CLI::Range(1, 1000));
    network->add_option("--out", o->out, "output stem")->default_val("network");
    network->callback([o] { run_network(o->input, o->out, o->units); });

    auto* gd = plot->add_subcommand("gd", "gradient descent paths on a function of the plane, one per learning rate");
    gd->add_option("--function", o->function, "course (1.5x² + y² + 2) or rosenbrock")->default_val("course");
    gd->add_option("--lr", o->lr, "comma-separated learning rates")->default_val("0.1,0.001,0.665757,0.7");
    gd->add_option("--start", o->start, "starting point X,Y (default: the function's)");
    gd->add_option("--steps", o->steps, "steps per path")->default_val(30)->check(CLI::Range(0, 100000));
    gd->add_option("--out", o->out, "output stem")->default_val("gd");
    gd->callback([o] { run_gd(o->function, o->lr, o->start, o->steps, o->out); });

    auto* weights = plot->add_subcommand("weights", "the first layer's units as images (784-input models)");
    weights->add_option("MODEL", o->input, "model file")->required();
    weights->add_option("--units", o->units, "units shown")->default_val(16)->check(CLI::Range(1, 1024));
    weights->add_option("--out", o->out, "output stem")->default_val("weights");
    weights->callback([o] { run_weights(o->input, o->out, o->units); });
}

}  // namespace axon::cli
