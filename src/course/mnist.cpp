// Notes 000 and 004: an MLP on MNIST above 97%, with predictions on test digits (misclassified first).
#include <algorithm>
#include <chrono>

#include <fmt/format.h>

#include "axon/io/idx.hpp"
#include "axon/layers/activation.hpp"
#include "axon/layers/linear.hpp"
#include "axon/layers/sequential.hpp"
#include "axon/optim/adam.hpp"
#include "axon/plot/charts.hpp"
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
    std::vector<std::vector<double>> images;
    std::vector<std::string> titles;
    const float* pixels = x.data<float>();
    for (std::int64_t i : shown) {
        const auto p = predicted[static_cast<std::size_t>(i)], t = labels[static_cast<std::size_t>(i)];
        images.emplace_back(pixels + i * 784, pixels + (i + 1) * 784);
        titles.push_back(p == t ? fmt::format("{}", p) : fmt::format("{} (true {})", p, t));
    }
    plot::Figure grid = plot::image_grid(images, titles, {28, 28}, 8);
    grid.title = fmt::format("MNIST test digits, prediction (true label): {} misclassified first, test accuracy {:.2f}%",
                             std::min<std::size_t>(wrong, 24), 100 * h.epochs.back().val_accuracy);
    save_figure(grid, options, "mnist-predictions", result);

    std::vector<std::vector<std::int64_t>> counts(10, std::vector<std::int64_t>(10, 0));
    for (std::int64_t start = 0; start < data.test.size(); start += 1000) {
        std::vector<std::int64_t> batch;
        for (std::int64_t i = start; i < std::min(start + 1000, data.test.size()); ++i) batch.push_back(i);
        data.test.gather_batch(batch, x, labels);
        const auto classes = predict_classes(model, x);
        for (std::size_t i = 0; i < classes.size(); ++i)
            ++counts[static_cast<std::size_t>(labels[i])][static_cast<std::size_t>(classes[i])];
    }
    plot::Figure confusion;
    confusion.panels.push_back(plot::confusion_matrix_panel(counts, {}, "MNIST test set: true class (rows) × prediction"));
    confusion.panel_width = 560;
    confusion.panel_height = 520;
    save_figure(confusion, options, "mnist-confusion", result);

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
