// Note 003's regularisation and training exercises: weight decay on the Gaussian mixture, dropout,
// batch normalisation, and (notes 000 and 003) vanishing gradients in deep sigmoid nets.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "axon/init.hpp"
#include "axon/io/synthetic.hpp"
#include "axon/layers/activation.hpp"
#include "axon/layers/batch_norm.hpp"
#include "axon/layers/dropout.hpp"
#include "axon/layers/linear.hpp"
#include "axon/layers/sequential.hpp"
#include "axon/ops/loss.hpp"
#include "axon/optim/sgd.hpp"
#include "axon/train/trainer.hpp"
#include "course/common.hpp"

namespace axon::course {

namespace {

struct Bounds {
    double x_min, x_max, y_min, y_max;
};
Bounds bounds_of(const Dataset& data, double margin = 0.3) {
    Bounds b{INFINITY, -INFINITY, INFINITY, -INFINITY};
    for (std::int64_t i = 0; i < data.size(); ++i) {
        b.x_min = std::min(b.x_min, static_cast<double>(data.feature(i, 0)));
        b.x_max = std::max(b.x_max, static_cast<double>(data.feature(i, 0)));
        b.y_min = std::min(b.y_min, static_cast<double>(data.feature(i, 1)));
        b.y_max = std::max(b.y_max, static_cast<double>(data.feature(i, 1)));
    }
    return {b.x_min - margin, b.x_max + margin, b.y_min - margin, b.y_max + margin};
}

std::vector<double> column(const History& h, double EpochRecord::*field, bool as_error = false) {
    std::vector<double> v;
    for (auto& r : h.epochs) v.push_back(as_error ? 1 - r.*field : r.*field);
    return v;
}

// The Bayes boundary of the course's mixture: where p(x | 0) = p(x | 1).
plot::Series bayes_boundary(const GaussianMixture& mixture, const Bounds& b) {
    plot::Series s = contour(
        [&](double x1, double x2) { return std::log(mixture.density(0, x1, x2)) - std::log(mixture.density(1, x1, x2)); },
        0.0, b.x_min, b.x_max, b.y_min, b.y_max, plot::Color{0.5, 0.1, 0.6, 1}, "Bayes boundary", 200);
    s.line = plot::LineStyle::dashed;
    return s;
}

}  // namespace

// ---- note 003: 200 points, 1 hidden layer of 50 units, SGD lr 0.1 momentum 0.9, weight decay ----
CourseResult run_weight_decay(const CourseOptions& options) {
    CourseResult result;
    const GaussianMixture mixture = GaussianMixture::course();
    const Dataset train = mixture.sample(200, options.seed);
    const Dataset test = mixture.sample(5000, options.seed + 1);
    const Bounds b = bounds_of(train);
    result.add("Bayes error (distribution)", 1 - mixture.bayes_accuracy());
    result.add("Bayes error on the test set", 1 - mixture.bayes_accuracy_on(test));
    plot::Figure figure;
    figure.title = "Gaussian mixture, 200 points, 2-50-1 ReLU net, SGD lr 0.1 momentum 0.9";
    figure.columns = 2;
    for (double lambda : {0.0, 1e-4, 1e-3, 1e-2}) {
        Generator generator(options.seed + 7);
        Sequential model;
        model.emplace<Linear>(2, 50, true, DType::f32, generator).emplace<Activation>("relu").emplace<Linear>(50, 1, true, DType::f32, generator);
        SGDOptions o;
        o.lr = 0.1;
        o.momentum = 0.9;
        o.weight_decay = lambda;
        SGD sgd(model.named_parameters(), o);
        Trainer trainer(model, sgd, quiet_config(300, 20, LossKind::bce_with_logits, options.seed));
        trainer.fit(train, Dataset());
        const std::string name = fmt::format("wd={}", lambda);
        const double train_error = error_rate(model, train), test_error = error_rate(model, test);
        result.add(name + " train error", train_error);
        result.add(name + " test error", test_error);
        result.add(name + " |W|", weight_norm(model));
        plot::Panel panel;
        panel.title = fmt::format("weight decay {}: train error {:.1f}%, test {:.1f}%, ‖W‖ {:.1f}",
                                  lambda == 0 ? std::string("0") : fmt::format("{:g}", lambda), 100 * train_error,
                                  100 * test_error, weight_norm(model));
        panel.x_label = "x1";
        panel.y_label = "x2";
        panel.equal_aspect = true;
        panel.background = decision_raster(model, b.x_min, b.x_max, b.y_min, b.y_max);
        panel.series.push_back(class_points(train, 3));
        panel.series.push_back(bayes_boundary(mixture, b));
        figure.panels.push_back(panel);
    }
    save_figure(figure, options, "weight-decay", result);
    return result;
}

// ---- note 003: dropout on a net too large for its 100 noisy training points ----
CourseResult run_dropout(const CourseOptions& options) {
    CourseResult result;
    const GaussianMixture mixture = GaussianMixture::course(0.6);
    const Dataset train = mixture.sample(100, options.seed);
    const Dataset test = mixture.sample(1000, options.seed + 1);
    result.add("Bayes error on the test set", 1 - mixture.bayes_accuracy_on(test));
    plot::Figure figure;
    figure.title = "2-128-128-1 ReLU net on 100 points of a noisy mixture: without and with dropout(0.5)";
    figure.columns = 2;
    plot::Panel curves;
    curves.title = "error (dashed: training, solid: test)";
    curves.x_label = "epoch";
    curves.y_label = "error";
    const Bounds b = bounds_of(train);
    std::vector<plot::Panel> boundaries;
    for (double p : {0.0, 0.5}) {
        Generator generator(options.seed + 9), dropout_generator(options.seed + 10);
        Sequential model;
        model.emplace<Linear>(2, 128, true, DType::f32, generator).emplace<Activation>("relu");
        if (p > 0) model.emplace<Dropout>(p, DropoutMode::inverted, dropout_generator);
        model.emplace<Linear>(128, 128, true, DType::f32, generator).emplace<Activation>("relu");
        if (p > 0) model.emplace<Dropout>(p, DropoutMode::inverted, dropout_generator);
        model.emplace<Linear>(128, 1, true, DType::f32, generator);
        SGDOptions o;
        o.lr = 0.05;
        o.momentum = 0.9;
        SGD sgd(model.named_parameters(), o);
        Trainer trainer(model, sgd, quiet_config(200, 10, LossKind::bce_with_logits, options.seed));
        History h = trainer.fit(train, test);
        const std::string name = p > 0 ? "dropout 0.5" : "no dropout";
        const double train_error = error_rate(model, train), test_error = error_rate(model, test);
        result.add(name + " train error", train_error);
        result.add(name + " test error", test_error);
        result.add(name + " final train loss", trainer.evaluate(train).loss);
        result.add(name + " final test loss", h.epochs.back().val_loss);
        const auto colour = plot::palette(p > 0 ? 1 : 0);
        std::vector<double> train_curve;  // error of the eval-mode model would need a pass per epoch: use the running one
        curves.series.push_back(line(name + " train", counting(h.epochs.size()), column(h, &EpochRecord::train_accuracy, true),
                                     colour, plot::LineStyle::dashed));
        curves.series.push_back(line(name + " test", counting(h.epochs.size()), column(h, &EpochRecord::val_accuracy, true), colour));
        plot::Panel panel;
        panel.title = fmt::format("{}: train error {:.0f}%, test {:.1f}%", name, 100 * train_error, 100 * test_error);
        panel.equal_aspect = true;
        panel.background = decision_raster(model, b.x_min, b.x_max, b.y_min, b.y_max);
        panel.series.push_back(class_points(train, 3.5));
        panel.series.push_back(bayes_boundary(mixture, b));
        boundaries.push_back(panel);
    }
    figure.panels = {curves};
    figure.panels.insert(figure.panels.end(), boundaries.begin(), boundaries.end());
    figure.columns = 3;
    save_figure(figure, options, "dropout", result);
    return result;
}

// ---- note 003: batch normalisation in a deep sigmoid net ----
CourseResult run_batch_norm(const CourseOptions& options) {
    CourseResult result;
    const GaussianMixture mixture = GaussianMixture::course();
    const Dataset train = mixture.sample(400, options.seed);
    const Dataset test = mixture.sample(2000, options.seed + 1);
    plot::Figure figure;
    figure.title = "6 hidden sigmoid layers of 32 units, SGD lr 0.1 momentum 0.9: without and with batch norm";
    figure.columns = 2;
    plot::Panel loss;
    loss.title = "training loss";
    loss.x_label = "epoch";
    loss.y_label = "BCE";
    plot::Panel error;
    error.title = "test error";
    error.x_label = "epoch";
    error.y_label = "error";
    for (bool bn : {false, true}) {
        Generator generator(options.seed + 13);
        Sequential model;
        std::int64_t width = 2;
        for (int l = 0; l < 6; ++l) {
            model.emplace<Linear>(width, 32, true, DType::f32, generator);
            if (bn) model.emplace<BatchNorm1d>(32);
            model.emplace<Activation>("sigmoid");
            width = 32;
        }
        model.emplace<Linear>(width, 1, true, DType::f32, generator);
        SGDOptions o;
        o.lr = 0.1;
        o.momentum = 0.9;
        SGD sgd(model.named_parameters(), o);
        Trainer trainer(model, sgd, quiet_config(40, 20, LossKind::bce_with_logits, options.seed));
        History h = trainer.fit(train, test);
        const std::string name = bn ? "batch norm" : "no batch norm";
        for (std::size_t e : {std::size_t{5}, std::size_t{20}, h.epochs.size()})
            result.add(fmt::format("{} train loss after epoch {}", name, e), h.epochs[e - 1].train_loss);
        result.add(name + " test error", error_rate(model, test));
        loss.series.push_back(line(name, counting(h.epochs.size()), column(h, &EpochRecord::train_loss), plot::palette(bn ? 1 : 0)));
        error.series.push_back(line(name, counting(h.epochs.size()), column(h, &EpochRecord::val_accuracy, true), plot::palette(bn ? 1 : 0)));
    }
    // The bias before a batch norm is useless: shifting it leaves the training-mode output unchanged.
    {
        Generator generator(options.seed + 14);
        Sequential block;
        block.emplace<Linear>(2, 8, true, DType::f64, generator).emplace<BatchNorm1d>(8, 1e-5, 0.1, DType::f64);
        const Tensor x = train.features_tensor().to(DType::f64);
        NoGradGuard no_grad;
        const Tensor before = block(x);
        auto& bias = static_cast<Linear&>(block[0]).bias();
        bias.copy_from(Tensor::full(bias.shape(), 5.0, DType::f64));
        const Tensor after = block(x);
        double m = 0;
        for (std::int64_t i = 0; i < before.numel(); ++i) m = std::max(m, std::abs(before.at(i) - after.at(i)));
        result.add("max output change when the Linear bias before BN is set to 5", m);
    }
    figure.panels = {loss, error};
    save_figure(figure, options, "batch-norm", result);
    return result;
}

// ---- vanishing gradients: per-layer ‖∂L/∂W‖ of 10-layer nets at initialisation ----
CourseResult run_vanishing(const CourseOptions& options) {
    CourseResult result;
    const GaussianMixture mixture = GaussianMixture::course();
    const Dataset train = mixture.sample(200, options.seed);
    const int depth = 10;
    plot::Figure figure;
    figure.title = "10 hidden layers of 32 units (Xavier init for sigmoid/tanh, He init for ReLU)";
    figure.columns = 2;
    plot::Panel norms;
    norms.title = "‖∂L/∂W‖ per layer at initialisation";
    norms.x_label = "layer (1 = next to the input)";
    norms.y_label = "gradient norm";
    norms.log_y = true;
    plot::Panel curves;
    curves.title = "training loss, SGD lr 0.05 momentum 0.9";
    curves.x_label = "epoch";
    curves.y_label = "BCE";
    std::size_t colour = 0;
    for (const std::string activation : {"sigmoid", "tanh", "relu"}) {
        Generator generator(options.seed + 17);
        Sequential model;
        std::int64_t width = 2;
        for (int l = 0; l < depth; ++l) {
            auto layer = std::make_shared<Linear>(width, 32, true, DType::f32, generator);
            if (activation == "relu")
                init::kaiming_normal_(layer->weight(), {}, generator);
            else
                init::xavier_normal_(layer->weight(), 1.0, generator);
            layer->bias().fill_(0.0);
            model.add(layer).emplace<Activation>(activation);
            width = 32;
        }
        model.emplace<Linear>(width, 1, true, DType::f32, generator);
        // gradient norms on the whole training set
        const Tensor x = train.features_tensor(), t = train.targets_tensor();
        model.zero_grad();
        ops::bce_with_logits_loss(model(x), t).backward();
        std::vector<double> layer_norms;
        for (std::size_t l = 0; l < static_cast<std::size_t>(depth); ++l)
            layer_norms.push_back(norm(static_cast<Linear&>(model[2 * l]).weight().grad()));
        for (int l : {1, 5, 10})
            result.add(fmt::format("{} |dL/dW| layer {}", activation, l), layer_norms[static_cast<std::size_t>(l - 1)]);
        result.add(activation + " ratio layer 1 / layer 10", layer_norms.front() / layer_norms.back());
        norms.series.push_back(line(activation, counting(layer_norms.size()), layer_norms, plot::palette(colour)));
        norms.series.back().marker = plot::Marker::circle;
        model.zero_grad();
        SGDOptions o;
        o.lr = 0.05;
        o.momentum = 0.9;
        SGD sgd(model.named_parameters(), o);
        Trainer trainer(model, sgd, quiet_config(30, 20, LossKind::bce_with_logits, options.seed));
        History h = trainer.fit(train, Dataset());
        result.add(activation + " train loss after 30 epochs", h.epochs.back().train_loss);
        curves.series.push_back(line(activation, counting(h.epochs.size()), column(h, &EpochRecord::train_loss), plot::palette(colour)));
        ++colour;
    }
    figure.panels = {norms, curves};
    save_figure(figure, options, "vanishing", result);
    return result;
}

}  // namespace axon::course
