// Note 004's exercises: random against structured data, a bad local minimum, a divergence, squared
// error against cross-entropy (the slow-down), and the network drawn as it learns.
#include <algorithm>
#include <cmath>
#include <optional>

#include <fmt/format.h>

#include "axon/error.hpp"
#include "axon/init.hpp"
#include "axon/io/synthetic.hpp"
#include "axon/layers/activation.hpp"
#include "axon/layers/linear.hpp"
#include "axon/layers/sequential.hpp"
#include "axon/ops/activation.hpp"
#include "axon/ops/arithmetic.hpp"
#include "axon/ops/loss.hpp"
#include "axon/ops/reduce.hpp"
#include "axon/optim/adam.hpp"
#include "axon/optim/sgd.hpp"
#include "axon/plot/network_graph.hpp"
#include "axon/train/trainer.hpp"
#include "course/common.hpp"

namespace axon::course {

namespace {

std::vector<double> errors(const History& h, bool validation) {
    std::vector<double> v;
    for (auto& r : h.epochs) v.push_back(1 - (validation ? r.val_accuracy : r.train_accuracy));
    return v;
}

}  // namespace

// ---- note 004, exercises 2 and 6: random labels against labels from a function ----
CourseResult run_random_vs_structured(const CourseOptions& options) {
    CourseResult result;
    const std::int64_t d = 3;
    struct Case {
        std::string name;
        Dataset train, test;
    };
    std::vector<Case> cases{
        {"random", random_data(200, d, 2, options.seed), random_data(2000, d, 2, options.seed + 1)},
        {"structured", structured_classes(200, 0.1, d, options.seed), structured_classes(2000, 0.1, d, options.seed + 1)}};
    plot::Figure figure;
    figure.title = fmt::format("A {}-256-256-2 ReLU net on 200 points in {} dimensions (Adam, lr 0.003)", d, d);
    figure.columns = 2;
    std::size_t colour = 0;
    for (auto& c : cases) {
        Generator generator(options.seed + 21);
        Sequential model;
        model.emplace<Linear>(d, 256, true, DType::f32, generator).emplace<Activation>("relu")
            .emplace<Linear>(256, 256, true, DType::f32, generator).emplace<Activation>("relu")
            .emplace<Linear>(256, 2, true, DType::f32, generator);
        AdamOptions o;
        o.lr = 0.003;
        Adam adam(model.named_parameters(), o);
        Trainer trainer(model, adam, quiet_config(150, 20, LossKind::cross_entropy, options.seed));
        History h = trainer.fit(c.train, c.test);
        result.add(c.name + " train error", error_rate(model, c.train));
        result.add(c.name + " test error", error_rate(model, c.test));
        plot::Panel panel;
        panel.title = fmt::format("{} labels: train error {:.1f}%, test error {:.1f}%", c.name,
                                  100 * error_rate(model, c.train), 100 * error_rate(model, c.test));
        panel.x_label = "epoch";
        panel.y_label = "error";
        panel.y_min = 0;
        panel.y_max = 0.6;
        panel.series.push_back(line("training", counting(h.epochs.size()), errors(h, false), plot::palette(colour)));
        panel.series.push_back(line("test", counting(h.epochs.size()), errors(h, true), plot::palette(colour), plot::LineStyle::dashed));
        panel.series.push_back(line("chance", {1, static_cast<double>(h.epochs.size())}, {0.5, 0.5},
                                    plot::Color{0.5, 0.5, 0.5, 1}, plot::LineStyle::dashed));
        figure.panels.push_back(panel);
        ++colour;
    }
    save_figure(figure, options, "random-vs-structured", result);
    return result;
}

// ---- note 004, exercises 3 and 7: a 2-2-1 tanh net on XOR from 20 seeds ----
CourseResult run_local_minimum(const CourseOptions& options) {
    CourseResult result;
    const Dataset data = xor_data();
    const Tensor x = data.features_tensor().to(DType::f64), t = data.targets_tensor().to(DType::f64);
    const int seeds = 20, steps = 4000;
    plot::Figure figure;
    figure.title = "A 2-2-1 tanh net on XOR by gradient descent (η = 0.5) from 20 random initialisations";
    figure.columns = 3;
    plot::Panel curves;
    curves.title = "loss of each run (red: stuck)";
    curves.x_label = "step";
    curves.y_label = "BCE";
    curves.log_y = true;
    int stuck = 0;
    std::optional<plot::Panel> good_panel, stuck_panel;
    double max_stuck_gradient = 0, min_stuck_loss = INFINITY;
    for (int s = 0; s < seeds; ++s) {
        Generator generator(options.seed + static_cast<std::uint64_t>(s));
        Sequential model;
        model.emplace<Linear>(2, 2, true, DType::f64, generator).emplace<Activation>("tanh").emplace<Linear>(2, 1, true, DType::f64, generator);
        for (auto& p : model.parameters()) init::normal_(p, 0.0, 1.0, generator);
        GradientDescent gd(model.parameters(), 0.5);
        std::vector<double> losses;
        for (int i = 0; i < steps; ++i) {
            gd.zero_grad();
            Tensor l = ops::bce_with_logits_loss(model(x), t);
            if (i % 20 == 0) losses.push_back(l.item());
            l.backward();
            gd.step();
        }
        gd.zero_grad();
        Tensor l = ops::bce_with_logits_loss(model(x), t);
        const double loss = l.item();
        l.backward();
        double g2 = 0;
        for (auto& p : model.parameters()) g2 += std::pow(norm(p.grad()), 2);
        const bool is_stuck = loss > 0.1;
        const int correct = static_cast<int>(std::lround(4 - 4 * error_rate(model, data)));
        if (is_stuck) {
            ++stuck;
            max_stuck_gradient = std::max(max_stuck_gradient, std::sqrt(g2));
            min_stuck_loss = std::min(min_stuck_loss, loss);
        }
        result.lines.push_back(fmt::format("seed {:2}: loss {:.4f}, gradient norm {:.2e}, {} of 4 correct{}", s, loss,
                                           std::sqrt(g2), correct, is_stuck ? "  <- stuck" : ""));
        std::vector<double> axis;
        for (std::size_t i = 0; i < losses.size(); ++i) axis.push_back(20.0 * static_cast<double>(i));
        curves.series.push_back(line("", axis, losses, is_stuck ? plot::palette(3) : plot::palette(0)));
        auto& slot = is_stuck ? stuck_panel : good_panel;
        if (!slot) {
            plot::Panel panel;
            panel.title = fmt::format("seed {}: loss {:.3f}, {} of 4 correct", s, loss, correct);
            panel.equal_aspect = true;
            panel.background = decision_raster(model, -0.5, 1.5, -0.5, 1.5);
            panel.series.push_back(class_points(data, 7));
            slot = panel;
        }
    }
    result.add("runs", seeds);
    result.add("runs stuck (final loss > 0.1)", stuck);
    result.add("lowest final loss among stuck runs", stuck ? min_stuck_loss : NAN);
    result.add("largest final gradient norm among stuck runs", stuck ? max_stuck_gradient : NAN);
    figure.panels.push_back(curves);
    if (good_panel) figure.panels.push_back(*good_panel);
    if (stuck_panel) figure.panels.push_back(*stuck_panel);
    save_figure(figure, options, "local-minimum", result);
    return result;
}

// ---- note 004, exercises 4 and 7: a learning rate too large makes the loss explode ----
CourseResult run_divergence(const CourseOptions& options) {
    CourseResult result;
    const Dataset train = structured_data(200, 0.1, 1, options.seed);
    plot::Figure figure;
    figure.title = "1-32-32-1 tanh net on structured data, SGD (batch 20) at several learning rates";
    plot::Panel panel;
    panel.x_label = "epoch";
    panel.y_label = "training MSE";
    panel.log_y = true;
    std::size_t colour = 0;
    for (double lr : {0.01, 0.1, 0.5, 3.0}) {
        Generator generator(options.seed + 31);
        Sequential model;
        model.emplace<Linear>(1, 32, true, DType::f32, generator).emplace<Activation>("tanh")
            .emplace<Linear>(32, 32, true, DType::f32, generator).emplace<Activation>("tanh")
            .emplace<Linear>(32, 1, true, DType::f32, generator);
        SGDOptions o;
        o.lr = lr;
        o.momentum = 0.9;
        SGD sgd(model.named_parameters(), o);
        Trainer trainer(model, sgd, quiet_config(60, 20, LossKind::mse, options.seed));
        std::vector<double> losses;
        trainer.on_epoch_end = [&](const EpochEnd& end) { losses.push_back(end.record.train_loss); };
        const std::string name = fmt::format("lr={}", lr);
        try {
            trainer.fit(train, Dataset());
            result.add(name + " diverged", 0);
            result.add(name + " final train MSE", losses.back());
        } catch (const NumericError& e) {
            result.add(name + " diverged", 1);
            result.add(name + " diverged at step", static_cast<double>(trainer.step()));
            result.add(name + " epochs completed", static_cast<double>(losses.size()));
            result.lines.push_back(fmt::format("lr {}: caught NumericError: {}", lr, e.what()));
        }
        panel.series.push_back(line(fmt::format("lr {}{}", lr, losses.size() < 60 ? " (diverged: NaN)" : ""),
                                    counting(losses.size()), losses, plot::palette(colour++)));
        panel.series.back().marker = plot::Marker::circle;
        panel.series.back().marker_size = 2;
    }
    figure.panels.push_back(panel);
    save_figure(figure, options, "divergence", result);
    return result;
}

// ---- note 004: squared error against cross-entropy on one saturated sigmoid neuron ----
// a = σ(w·x + b), x = 1, target y = 0, from w = b = 2 (a ≈ 0.98, far in the flat part of σ).
//   SE:  ∂/∂w (a − y)² = 2(a − y)·σ'(z)·x  — σ'(z) ≈ 0.018 here: learning starts very slowly
//   CE:  ∂/∂w −[y log a + (1 − y) log(1 − a)] = (a − y)·x  — no σ' factor: no slow-down
CourseResult run_se_vs_ce(const CourseOptions& options) {
    CourseResult result;
    const Tensor x = Tensor::from({1.0}, {1, 1}, DType::f64), y = Tensor::from({0.0}, {1, 1}, DType::f64);
    plot::Figure figure;
    figure.title = "One sigmoid neuron, x = 1, target 0, from w = b = 2, gradient descent η = 0.15";
    figure.columns = 2;
    plot::Panel outputs;
    outputs.title = "output a = σ(wx + b)";
    outputs.x_label = "step";
    outputs.y_label = "a";
    outputs.y_min = 0;
    outputs.y_max = 1;
    plot::Panel gradients;
    gradients.title = "|∂L/∂w|";
    gradients.x_label = "step";
    gradients.log_y = true;
    std::size_t colour = 0;
    for (const std::string loss_name : {"squared error", "cross-entropy"}) {
        Linear neuron(1, 1, true, DType::f64);
        neuron.weight().fill_(2.0);
        neuron.bias().fill_(2.0);
        GradientDescent gd(neuron.parameters(), 0.15);
        std::vector<double> as, gs;
        int below = -1;
        for (int s = 0; s <= 300; ++s) {
            gd.zero_grad();
            Tensor z = neuron(x);
            Tensor l = loss_name == "squared error" ? ops::sum(ops::pow(ops::sigmoid(z) - y, 2)) : ops::bce_with_logits_loss(z, y);
            const double a = 1 / (1 + std::exp(-z.item()));
            as.push_back(a);
            if (below < 0 && a < 0.2) below = s;
            l.backward();
            gs.push_back(std::abs(neuron.weight().grad().item()));
            gd.step();
        }
        result.add(loss_name + " initial |dL/dw|", gs.front());
        result.add(loss_name + " output after 50 steps", as[50]);
        result.add(loss_name + " output after 300 steps", as.back());
        result.add(loss_name + " steps until output < 0.2", below);
        outputs.series.push_back(line(loss_name, counting(as.size(), 0), as, plot::palette(colour)));
        gradients.series.push_back(line(loss_name, counting(gs.size(), 0), gs, plot::palette(colour)));
        ++colour;
    }
    figure.panels = {outputs, gradients};
    save_figure(figure, options, "se-vs-ce", result);
    return result;
}

// ---- note 004, exercise 5: the network after 0, 25000 and 45000 steps ----
CourseResult run_network_growth(const CourseOptions& options) {
    CourseResult result;
    const Dataset train = structured_data(200, 0.1, 1, options.seed);
    const Dataset test = structured_data(1000, 0.1, 1, options.seed + 1);
    const Tensor x = train.features_tensor(), t = train.targets_tensor();
    Generator generator(options.seed + 41);
    Sequential model;
    model.emplace<Linear>(1, 6, true, DType::f32, generator).emplace<Activation>("tanh")
        .emplace<Linear>(6, 6, true, DType::f32, generator).emplace<Activation>("tanh")
        .emplace<Linear>(6, 1, true, DType::f32, generator);
    SGDOptions o;
    o.lr = 0.02;
    SGD sgd(model.named_parameters(), o);
    const std::int64_t batch = 10;
    const int total = 45000;
    const std::vector<int> shown{0, 25000, 45000};
    Generator shuffle(options.seed + 42);
    std::vector<std::int64_t> order = permutation(train.size(), shuffle);
    std::size_t cursor = 0;
    Tensor xb, tb;
    std::vector<double> grid, truth;
    for (int i = 0; i <= 200; ++i) {
        grid.push_back(-2 + 4.0 * i / 200);
        const float v = static_cast<float>(grid.back());
        truth.push_back(structured_function(std::span<const float>(&v, 1)));
    }
    const Tensor xg = Tensor::from(std::span<const double>(grid), {201, 1}).to(DType::f32);
    plot::Figure fits;
    fits.title = "1-6-6-1 tanh net learning y = sin(2x) + noise (SGD η = 0.02, batch 10)";
    fits.columns = 3;
    std::vector<std::vector<NamedTensor>> snapshots;
    std::vector<double> curve_steps, curve_losses;
    auto mse_on = [&](const Dataset& d) {
        NoGradGuard no_grad;
        return ops::mse_loss(model(d.features_tensor()), d.targets_tensor()).item();
    };
    for (int step = 0;; ++step) {
        if (step % 500 == 0) {
            curve_steps.push_back(step);
            curve_losses.push_back(mse_on(train));
        }
        if (std::find(shown.begin(), shown.end(), step) != shown.end()) {
            std::vector<NamedTensor> state;
            for (auto& p : model.named_parameters()) state.push_back({p.name, p.tensor.clone()});
            snapshots.push_back(state);
            result.add(fmt::format("step {} train MSE", step), mse_on(train));
            result.add(fmt::format("step {} test MSE", step), mse_on(test));
            result.add(fmt::format("step {} |W|", step), weight_norm(model));
            plot::Panel panel;
            panel.title = fmt::format("after {} steps: test MSE {:.3f}", step, mse_on(test));
            panel.x_label = "x";
            panel.y_min = -1.6;
            panel.y_max = 1.6;
            plot::Series points = line("", {}, {}, plot::Color{0.6, 0.6, 0.6, 1}, plot::LineStyle::none);
            points.marker = plot::Marker::circle;
            points.marker_size = 2;
            for (std::int64_t i = 0; i < train.size(); ++i) {
                points.x.push_back(train.feature(i, 0));
                points.y.push_back(train.targets()[static_cast<std::size_t>(i)]);
            }
            panel.series.push_back(points);
            panel.series.push_back(line("sin(2x)", grid, truth, plot::Color{0, 0, 0, 1}, plot::LineStyle::dashed));
            NoGradGuard no_grad;
            panel.series.push_back(line("network", grid, model(xg).to(DType::f64).to_vector(), plot::palette(1)));
            fits.panels.push_back(panel);
        }
        if (step == total) break;
        if (cursor + batch > order.size()) {
            order = permutation(train.size(), shuffle);
            cursor = 0;
        }
        train.gather_batch(std::span<const std::int64_t>(order).subspan(cursor, batch), xb, tb);
        cursor += batch;
        sgd.zero_grad();
        ops::mse_loss(model(xb), tb).backward();
        sgd.step();
    }
    save_figure(fits, options, "network-growth-fit", result);
    plot::Figure curve;
    curve.title = "training MSE";
    plot::Panel cp;
    cp.x_label = "step";
    cp.y_label = "MSE";
    cp.log_y = true;
    cp.series.push_back(line("train", curve_steps, curve_losses, plot::palette(0)));
    curve.panels.push_back(cp);
    save_figure(curve, options, "network-growth-loss", result);
    if (!options.out_dir.empty()) {
        // One weight scale for the three drawings, so that edge widths compare across them.
        double scale = 0;
        for (auto& state : snapshots)
            for (auto& p : state)
                for (double v : p.tensor.to_vector()) scale = std::max(scale, std::abs(v));
        std::filesystem::create_directories(options.out_dir);
        for (std::size_t k = 0; k < snapshots.size(); ++k) {
            plot::NetworkGraphOptions graph_options;
            graph_options.title = fmt::format("after {} steps", shown[k]);
            graph_options.weight_scale = scale;
            const std::string dot = plot::network_dot(snapshots[k], graph_options);
            const auto stem = options.out_dir / fmt::format("network-growth-{}", shown[k]);
            for (const char* ext : {".png", ".svg"}) {
                auto path = stem;
                path += ext;
                plot::render_dot(dot, path);
                result.files.push_back(path);
            }
        }
    }
    return result;
}

}  // namespace axon::course
