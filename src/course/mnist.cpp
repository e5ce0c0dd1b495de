// Notes 000 and 004: an MLP on MNIST above 97%, with predictions on test digits (misclassified first).
#include <algorithm>
#include <chrono>

#include <fmt/format.h>

#include "axon/io/idx.hpp"
#include "axon/layers/activation.hpp"
#include "axon/layers/linear.hpp"
#include "axon/layers/sequential.hpp"
#include "axon/optim/adam.hpp"
#include "axon/train/trainer.hpp"
#include "course/common.hpp"

namespace axon::course {

CourseResult run_mnist(const CourseOptions& options) {
    CourseResult result;
    const auto started = std::chrono::steady_clock::now();
    IdxSplits data = load_idx_dir(options.data_dir.string(), "MNIST");
    Generator generator(options.seed + 51);
    Sequential model;
    model.emplace<Linear>(784, 256, true, DType::f32, generator).emplace<Activation>("relu")
        .emplace<Linear>(256, 128, true, DType::f32, generator).emplace<Activation>("relu")
        .emplace<Linear>(128, 10, true, DType::f32, generator);
    AdamOptions o;
    o.lr = 1e-3;
    Adam adam(model.named_parameters(), o);
    TrainerConfig config;
    config.epochs = 6;
    config.batch_size = 128;
    config.seed = options.seed;
    config.progress = false;
    Trainer trainer(model, adam, config);
    History h = trainer.fit(data.train, data.test);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    result.add("epochs", static_cast<double>(h.epochs.size()));
    result.add("train accuracy (last epoch, running)", h.epochs.back().train_accuracy);
    result.add("test accuracy", h.epochs.back().val_accuracy);
    result.add("test loss", h.epochs.back().val_loss);
    result.add("seconds (load + train + evaluate)", seconds);

    // Predictions on the first 2000 test digits; the grid shows the misclassified ones first.
    const std::int64_t n = std::min<std::int64_t>(2000, data.test.size());
    std::vector<std::int64_t> rows(static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i) rows[static_cast<std::size_t>(i)] = i;
    Tensor x;
    std::vector<std::int32_t> labels;
    data.test.gather_batch(rows, x, labels);
    const auto predicted = predict_classes(model, x);
    std::vector<std::int64_t> shown;
    for (std::int64_t i = 0; i < n; ++i)
        if (predicted[static_cast<std::size_t>(i)] != labels[static_cast<std::size_t>(i)]) shown.push_back(i);
    const std::size_t wrong = shown.size();
    shown.resize(std::min<std::size_t>(wrong, 24));  // then correct ones, so that both are seen
    result.add(fmt::format("misclassified among the first {} test digits", n), static_cast<double>(wrong));
    for (std::int64_t i = 0; i < n && shown.size() < 40; ++i)
        if (predicted[static_cast<std::size_t>(i)] == labels[static_cast<std::size_t>(i)]) shown.push_back(i);
    shown.resize(std::min<std::size_t>(shown.size(), 40));
    plot::Figure grid;
    grid.title = fmt::format("MNIST test digits, prediction (true label): {} misclassified first, test accuracy {:.2f}%",
                             std::min<std::size_t>(wrong, 24), 100 * h.epochs.back().val_accuracy);
    grid.columns = 8;
    grid.panel_width = 120;
    grid.panel_height = 130;
    const float* pixels = x.data<float>();
    for (std::int64_t i : shown) {
        plot::Panel panel;
        const auto p = predicted[static_cast<std::size_t>(i)], t = labels[static_cast<std::size_t>(i)];
        panel.title = p == t ? fmt::format("{}", p) : fmt::format("{} (true {})", p, t);
        panel.show_axes = false;
        panel.show_legend = false;
        panel.equal_aspect = true;
        plot::Raster r;
        r.rows = 28;
        r.cols = 28;
        r.x_min = 0;
        r.x_max = 28;
        r.y_min = 0;
        r.y_max = 28;
        r.colormap = plot::ColorMap::gray;
        r.low = 0;
        r.high = 1;
        r.values.assign(pixels + i * 784, pixels + (i + 1) * 784);
        panel.background = r;
        panel.x_min = 0;
        panel.x_max = 28;
        panel.y_min = 0;
        panel.y_max = 28;
        if (p != t) panel.labels.push_back({1, 26, "✗", plot::palette(3), 12});
        grid.panels.push_back(panel);
    }
    save_figure(grid, options, "mnist-predictions", result);

    plot::Figure curves;
    curves.title = "MNIST, 784-256-128-10 ReLU, Adam lr 1e-3, batch 128";
    curves.columns = 2;
    plot::Panel loss;
    loss.x_label = "epoch";
    loss.y_label = "loss";
    plot::Panel accuracy;
    accuracy.x_label = "epoch";
    accuracy.y_label = "accuracy";
    std::vector<double> tl, vl, ta, va;
    for (auto& r : h.epochs) {
        tl.push_back(r.train_loss);
        vl.push_back(r.val_loss);
        ta.push_back(r.train_accuracy);
        va.push_back(r.val_accuracy);
    }
    loss.series = {line("train", counting(tl.size()), tl, plot::palette(0)), line("test", counting(vl.size()), vl, plot::palette(1))};
    accuracy.series = {line("train", counting(ta.size()), ta, plot::palette(0)), line("test", counting(va.size()), va, plot::palette(1))};
    curves.panels = {loss, accuracy};
    save_figure(curves, options, "mnist-curves", result);
    return result;
}

}  // namespace axon::course
