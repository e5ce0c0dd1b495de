// The first exercises of notes 000 and 001: the 4-point perceptron, the sigmoid/tanh relation, XOR,
// note 001's back-propagation deltas on a 3-3-3-1 tanh network, and universal approximation.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "axon/io/synthetic.hpp"
#include "axon/layers/activation.hpp"
#include "axon/layers/linear.hpp"
#include "axon/layers/sequential.hpp"
#include "axon/ops/activation.hpp"
#include "axon/ops/arithmetic.hpp"
#include "axon/ops/loss.hpp"
#include "axon/ops/matmul.hpp"
#include "axon/ops/reduce.hpp"
#include "axon/optim/adam.hpp"
#include "axon/random.hpp"
#include "course/common.hpp"

namespace axon::course {

namespace {

double max_abs_difference(const Tensor& a, const Tensor& b) {
    auto va = a.to_vector(), vb = b.to_vector();
    double m = 0;
    for (std::size_t i = 0; i < va.size(); ++i) m = std::max(m, std::abs(va[i] - vb[i]));
    return m;
}

}  // namespace

// ---- note 000: ŷ = σ(wᵀx) without bias on (2,1)→1, (0,−2)→1, (−2,1)→0, (0,2)→0 ----
CourseResult run_perceptron(const CourseOptions& options) {
    CourseResult result;
    const Dataset data = four_points();
    const Tensor x = data.features_tensor().to(DType::f64), t = data.targets_tensor().to(DType::f64);
    auto cost = [&](const Tensor& w) {  // J(w) = (1/4) Σ BCE(σ(x·w), y), w (2, 1)
        NoGradGuard no_grad;
        return ops::bce_with_logits_loss(ops::matmul(x, w), t).item();
    };
    // The exercise's questions: a separating w without bias, and the minimal cost.
    result.add("J(w=(1,-1))", cost(Tensor::from({1.0, -1.0}, {2, 1}, DType::f64)));
    result.add("J(w=(10,-10))", cost(Tensor::from({10.0, -10.0}, {2, 1}, DType::f64)));
    result.add("J(w=(100,-100))", cost(Tensor::from({100.0, -100.0}, {2, 1}, DType::f64)));
    result.lines.push_back("w = (1, −1) separates the points (x·w = 1, 2, −3, −2); J(t·w) → 0 as t → ∞: the "
                           "infimum of J is 0 and no finite w attains it");

    // The gradient of J for BCE and for MSE by hand (note 000's question) against autograd, at w = (0.3, −0.2):
    //   BCE: ∂J/∂w = (1/m) Σ (ŷ − y) x        MSE: ∂J/∂w = (1/m) Σ 2 (ŷ − y) ŷ (1 − ŷ) x
    {
        const std::vector<double> w_values{0.3, -0.2};
        Tensor w = Tensor::from({0.3, -0.2}, {2, 1}, DType::f64).requires_grad_();
        ops::bce_loss(ops::sigmoid(ops::matmul(x, w)), t).backward();
        const Tensor autograd_bce = w.grad().clone();
        w.zero_grad();
        ops::mse_loss(ops::sigmoid(ops::matmul(x, w)), t).backward();
        const Tensor autograd_mse = w.grad().clone();
        std::vector<double> bce(2, 0.0), mse(2, 0.0);
        for (std::int64_t i = 0; i < 4; ++i) {
            const double z = x.at(2 * i) * w_values[0] + x.at(2 * i + 1) * w_values[1];
            const double y_hat = 1 / (1 + std::exp(-z)), y = t.at(i);
            for (std::int64_t j = 0; j < 2; ++j) {
                bce[static_cast<std::size_t>(j)] += (y_hat - y) * x.at(2 * i + j) / 4;
                mse[static_cast<std::size_t>(j)] += 2 * (y_hat - y) * y_hat * (1 - y_hat) * x.at(2 * i + j) / 4;
            }
        }
        result.add("BCE gradient: max |autograd - formula|",
                   max_abs_difference(autograd_bce, Tensor::from(std::span<const double>(bce), {2, 1})));
        result.add("MSE gradient: max |autograd - formula|",
                   max_abs_difference(autograd_mse, Tensor::from(std::span<const double>(mse), {2, 1})));
    }

    // Gradient descent from w = 0: the cost falls towards 0 while ‖w‖ grows without bound.
    Linear perceptron(2, 1, /*bias=*/false, DType::f64);
    perceptron.weight().fill_(0.0);
    const double eta = 1.0;
    const int steps = 5000;
    GradientDescent gd(perceptron.parameters(), eta);
    std::vector<double> steps_axis, costs, norms;
    for (int s = 0; s <= steps; ++s) {
        gd.zero_grad();
        Tensor j = ops::bce_with_logits_loss(perceptron(x), t);
        steps_axis.push_back(s);
        costs.push_back(j.item());
        norms.push_back(norm(perceptron.weight()));
        if (s == steps) break;
        j.backward();
        gd.step();
    }
    const double w1 = perceptron.weight().at(0), w2 = perceptron.weight().at(1);
    int separated = 0;
    for (std::int64_t i = 0; i < 4; ++i) separated += (x.at(2 * i) * w1 + x.at(2 * i + 1) * w2 > 0) == (t.at(i) == 1);
    result.add("eta", eta);
    result.add("J at step 0", costs.front());
    for (int s : {10, 100, 1000})
        result.add(fmt::format("J at step {}", s), costs[static_cast<std::size_t>(s)]);
    result.add(fmt::format("J at step {}", steps), costs.back());
    for (int s : {10, 100, 1000})
        result.add(fmt::format("|w| at step {}", s), norms[static_cast<std::size_t>(s)]);
    result.add(fmt::format("|w| at step {}", steps), norms.back());
    result.add("final w1", w1);
    result.add("final w2", w2);
    result.add("points separated (of 4)", separated);

    plot::Figure curves;
    curves.title = "Logistic regression without bias on the 4 points: J(w) → 0 while ‖w‖ → ∞";
    curves.columns = 2;
    plot::Panel pj;
    pj.title = "cost J (log scale)";
    pj.x_label = "step";
    pj.y_label = "J(w)";
    pj.log_y = true;
    pj.series.push_back(line("J", steps_axis, costs, plot::palette(0)));
    plot::Panel pn;
    pn.title = "‖w‖";
    pn.x_label = "step";
    pn.y_label = "‖w‖";
    pn.series.push_back(line("‖w‖", steps_axis, norms, plot::palette(1)));
    curves.panels = {pj, pn};
    save_figure(curves, options, "perceptron-cost", result);

    plot::Figure boundary;
    boundary.title = fmt::format("The separating line w·x = 0, w = ({:.2f}, {:.2f}), over σ(w·x)", w1, w2);
    plot::Panel pb;
    pb.x_label = "x1";
    pb.y_label = "x2";
    pb.equal_aspect = true;
    const double scale = 1.0 / std::max(norms.back(), 1e-12);
    pb.background = function_raster(
        [&](double a, double b) { return 1 / (1 + std::exp(-(w1 * a + w2 * b) * scale * 3)); }, -3, 3, -3, 3);
    pb.background->alpha = 0.5;
    pb.background->show_colorbar = true;
    pb.series.push_back(line("w·x = 0", {-3 * w2 / std::hypot(w1, w2) * 2, 3 * w2 / std::hypot(w1, w2) * 2},
                             {3 * w1 / std::hypot(w1, w2) * 2, -3 * w1 / std::hypot(w1, w2) * 2}, plot::Color{0, 0, 0, 1}));
    pb.series.push_back(class_points(data, 6));
    pb.x_min = -3;
    pb.x_max = 3;
    pb.y_min = -3;
    pb.y_max = 3;
    pb.title = "colour: σ(w·x/‖w‖·3), the direction of w";
    boundary.panels.push_back(pb);
    save_figure(boundary, options, "perceptron-boundary", result);
    return result;
}

// ---- tanh(x) = 2σ(2x) − 1 ----
CourseResult run_sigmoid_tanh(const CourseOptions& options) {
    CourseResult result;
    std::vector<double> grid;
    for (int i = 0; i <= 1200; ++i) grid.push_back(-6 + 12.0 * i / 1200);
    const Shape shape{static_cast<std::int64_t>(grid.size())};
    Tensor x = Tensor::from(std::span<const double>(grid), shape).requires_grad_();
    const Tensor th = ops::tanh(x);
    const Tensor via_sigmoid = 2.0 * ops::sigmoid(2.0 * x) - 1.0;
    result.add("max |tanh(x) - (2 sigmoid(2x) - 1)| on [-6, 6]", max_abs_difference(th, via_sigmoid));
    // derivatives by autograd against the notes' formulas: tanh' = 1 − tanh², σ' = σ(1 − σ)
    ops::sum(th).backward();
    const Tensor dtanh = x.grad().clone();
    x.zero_grad();
    const Tensor sg = ops::sigmoid(x);
    ops::sum(sg).backward();
    const Tensor dsigmoid = x.grad().clone();
    NoGradGuard no_grad;
    result.add("max |autograd tanh' - (1 - tanh^2)|", max_abs_difference(dtanh, 1.0 - th * th));
    result.add("max |autograd sigmoid' - sigmoid(1 - sigmoid)|", max_abs_difference(dsigmoid, sg * (1.0 - sg)));
    const auto d_s = dsigmoid.to_vector(), d_t = dtanh.to_vector();
    result.add("max sigmoid'", *std::max_element(d_s.begin(), d_s.end()));
    result.add("max tanh'", *std::max_element(d_t.begin(), d_t.end()));
    result.add("sigmoid'(6)", d_s.back());

    plot::Figure figure;
    figure.title = "tanh(x) = 2σ(2x) − 1";
    figure.columns = 2;
    plot::Panel values;
    values.title = "the functions";
    values.x_label = "x";
    values.series.push_back(line("σ(x)", grid, sg.to_vector(), plot::palette(0)));
    values.series.push_back(line("tanh(x)", grid, th.to_vector(), plot::palette(1)));
    plot::Series check = line("2σ(2x) − 1", grid, via_sigmoid.to_vector(), plot::palette(3), plot::LineStyle::dashed);
    check.line_width = 2.5;
    values.series.push_back(check);
    plot::Panel slopes;
    slopes.title = "their derivatives (autograd): σ' ≤ 1/4, tanh' ≤ 1";
    slopes.x_label = "x";
    slopes.series.push_back(line("σ'(x) = σ(1 − σ)", grid, d_s, plot::palette(0)));
    slopes.series.push_back(line("tanh'(x) = 1 − tanh²", grid, d_t, plot::palette(1)));
    figure.panels = {values, slopes};
    save_figure(figure, options, "sigmoid-tanh", result);
    return result;
}

// ---- XOR: one line cannot separate it; one hidden layer can ----
CourseResult run_xor(const CourseOptions& options) {
    CourseResult result;
    const Dataset data = xor_data();
    const Tensor x = data.features_tensor().to(DType::f64), t = data.targets_tensor().to(DType::f64);
    Generator generator(options.seed + 1);
    Sequential perceptron;
    perceptron.emplace<Linear>(2, 1, true, DType::f64, generator);
    Sequential mlp;
    mlp.emplace<Linear>(2, 4, true, DType::f64, generator)
        .emplace<Activation>("tanh")
        .emplace<Linear>(4, 1, true, DType::f64, generator);
    plot::Figure figure;
    figure.title = "XOR: a perceptron against one hidden layer of 4 tanh units";
    figure.columns = 2;
    for (auto [model, name] : {std::pair<Sequential*, std::string>{&perceptron, "perceptron"}, {&mlp, "2-4-1 tanh"}}) {
        GradientDescent gd(model->parameters(), 1.0);
        double loss = 0;
        for (int s = 0; s < 3000; ++s) {
            gd.zero_grad();
            Tensor l = ops::bce_with_logits_loss((*model)(x), t);
            loss = l.item();
            l.backward();
            gd.step();
        }
        const double errors = error_rate(*model, data) * 4;
        result.add(name + " final loss", loss);
        result.add(name + " points correct (of 4)", 4 - errors);
        plot::Panel panel;
        panel.title = fmt::format("{}: {} of 4 correct, loss {:.3f}", name, 4 - errors, loss);
        panel.x_label = "x1";
        panel.y_label = "x2";
        panel.equal_aspect = true;
        panel.background = decision_raster(*model, -0.5, 1.5, -0.5, 1.5);
        panel.series.push_back(class_points(data, 7));
        figure.panels.push_back(panel);
    }
    save_figure(figure, options, "xor", result);
    return result;
}

// ---- note 001: a 3-3-3-1 tanh network without biases, e = (x⁽⁴⁾ − y)² ----
//   forward  x⁽ˡ⁾ = tanh(W⁽ˡ⁾ᵀ x⁽ˡ⁻¹⁾)                      (w_ij: input i → output j)
//   deltas   δ⁽⁴⁾ = 2(x⁽⁴⁾ − y)(1 − (x⁽⁴⁾)²),  δ_i⁽ˡ⁻¹⁾ = (1 − (x_i⁽ˡ⁻¹⁾)²) Σ_j w_ij⁽ˡ⁾ δ_j⁽ˡ⁾
//   gradient ∂e/∂w_ij⁽ˡ⁾ = x_i⁽ˡ⁻¹⁾ δ_j⁽ˡ⁾
// computed by hand here (the exercise) and compared with the engine's autograd on Linear layers.
CourseResult run_backprop_deltas(const CourseOptions& options) {
    CourseResult result;
    Generator generator(options.seed + 3);
    const std::vector<std::int64_t> widths{3, 3, 3, 3, 1};
    Sequential net;
    for (std::size_t l = 0; l + 1 < widths.size(); ++l)
        net.emplace<Linear>(widths[l], widths[l + 1], /*bias=*/false, DType::f64, generator).emplace<Activation>("tanh");
    const std::vector<double> input{0.5, -1.0, 0.8};
    const double y = 0.3;
    // autograd
    const Tensor x0 = Tensor::from(std::span<const double>(input), {1, 3});
    Tensor e = ops::sum(ops::pow(net(x0) - y, 2));
    e.backward();
    // by hand, with W⁽ˡ⁾ = Linear weightᵀ: w_ij⁽ˡ⁾ = weight(j, i)
    std::vector<Tensor> weights;
    for (auto& p : net.named_parameters()) weights.push_back(p.tensor);
    std::vector<std::vector<double>> xs{input};
    for (std::size_t l = 0; l < weights.size(); ++l) {
        const std::int64_t in = widths[l], out = widths[l + 1];
        std::vector<double> next(static_cast<std::size_t>(out));
        for (std::int64_t j = 0; j < out; ++j) {
            double s = 0;
            for (std::int64_t i = 0; i < in; ++i) s += weights[l].at(j * in + i) * xs[l][static_cast<std::size_t>(i)];
            next[static_cast<std::size_t>(j)] = std::tanh(s);
        }
        xs.push_back(next);
    }
    std::vector<std::vector<double>> deltas(weights.size());
    const double out = xs.back()[0];
    deltas.back() = {2 * (out - y) * (1 - out * out)};
    for (std::size_t l = weights.size() - 1; l > 0; --l) {
        const std::int64_t in = widths[l], out_w = widths[l + 1];
        deltas[l - 1].assign(static_cast<std::size_t>(in), 0.0);
        for (std::int64_t i = 0; i < in; ++i) {
            double s = 0;
            for (std::int64_t j = 0; j < out_w; ++j) s += weights[l].at(j * in + i) * deltas[l][static_cast<std::size_t>(j)];
            const double xi = xs[l][static_cast<std::size_t>(i)];
            deltas[l - 1][static_cast<std::size_t>(i)] = (1 - xi * xi) * s;
        }
    }
    double max_difference = 0;
    std::vector<double> by_hand, by_autograd;
    for (std::size_t l = 0; l < weights.size(); ++l) {
        const std::int64_t in = widths[l], out_w = widths[l + 1];
        for (std::int64_t j = 0; j < out_w; ++j)
            for (std::int64_t i = 0; i < in; ++i) {
                const double hand = xs[l][static_cast<std::size_t>(i)] * deltas[l][static_cast<std::size_t>(j)];
                const double autograd = weights[l].grad().at(j * in + i);
                by_hand.push_back(hand);
                by_autograd.push_back(autograd);
                max_difference = std::max(max_difference, std::abs(hand - autograd));
            }
        std::string text = fmt::format("layer {} deltas:", l + 1);
        for (double d : deltas[l]) text += fmt::format(" {:+.6f}", d);
        result.lines.push_back(text);
    }
    result.add("output x4", out);
    result.add("loss e", e.item());
    result.add("delta4", deltas.back()[0]);
    result.add("weights compared", static_cast<double>(by_hand.size()));
    result.add("max |hand gradient - autograd|", max_difference);

    plot::Figure figure;
    figure.title = "3-3-3-1 tanh network: ∂e/∂w = x δ by hand against autograd (all 30 weights)";
    plot::Panel panel;
    panel.x_label = "by hand (note 001's deltas)";
    panel.y_label = "autograd";
    panel.equal_aspect = true;
    const auto [lo, hi] = std::minmax_element(by_hand.begin(), by_hand.end());
    panel.series.push_back(line("y = x", {*lo, *hi}, {*lo, *hi}, plot::Color{0.5, 0.5, 0.5, 1}, plot::LineStyle::dashed));
    plot::Series points = line("∂e/∂w", by_hand, by_autograd, plot::palette(0), plot::LineStyle::none);
    points.marker = plot::Marker::circle;
    panel.series.push_back(points);
    figure.panels.push_back(panel);
    save_figure(figure, options, "backprop-deltas", result);
    return result;
}

// ---- note 001: universal approximation with ReLU rectangles, and one wide trained layer ----
namespace {

double target(double x) { return std::sin(2 * x) + 0.3 * x * x; }

// K rectangles of width h = 4/K on [−2, 2], rectangle k of height target(centre_k), each made of four ReLUs
// (note 001):  (1/ε)(relu(x − a) − relu(x − a − ε) − relu(x − b) + relu(x − b − ε)),  ε = h/10.
// Returned as a 1-(4K)-1 ReLU network whose weights are set explicitly.
std::shared_ptr<Sequential> rectangles(int k_count) {
    const double h = 4.0 / k_count, eps = h / 10;
    auto net = std::make_shared<Sequential>();
    net->emplace<Linear>(1, 4 * k_count, true, DType::f64).emplace<Activation>("relu").emplace<Linear>(4 * k_count, 1, true, DType::f64);
    auto& hidden = static_cast<Linear&>((*net)[0]);
    auto& output = static_cast<Linear&>((*net)[2]);
    std::vector<double> w1(static_cast<std::size_t>(4 * k_count), 1.0), b1, w2;
    for (int k = 0; k < k_count; ++k) {
        const double a = -2 + k * h, b = a + h, height = target(a + h / 2);
        // rise over [a, a + ε] and fall over [b, b + ε], where the next rectangle rises: the sum moves
        // linearly from one height to the next. The outer rectangles are full at −2 and at 2.
        const double rise = k == 0 ? a - eps : a;
        b1.insert(b1.end(), {-rise, -(rise + eps), -b, -(b + eps)});
        w2.insert(w2.end(), {height / eps, -height / eps, -height / eps, height / eps});
    }
    hidden.weight().copy_from(Tensor::from(std::span<const double>(w1), {4 * k_count, 1}));
    hidden.bias().copy_from(Tensor::from(std::span<const double>(b1), {4 * k_count}));
    output.weight().copy_from(Tensor::from(std::span<const double>(w2), {1, 4 * k_count}));
    output.bias().fill_(0.0);
    return net;
}

}  // namespace

CourseResult run_universal(const CourseOptions& options) {
    CourseResult result;
    std::vector<double> grid;
    for (int i = 0; i <= 800; ++i) grid.push_back(-2 + 4.0 * i / 800);
    const Tensor xg = Tensor::from(std::span<const double>(grid), {static_cast<std::int64_t>(grid.size()), 1});
    std::vector<double> truth;
    for (double v : grid) truth.push_back(target(v));
    auto max_error = [&](const std::vector<double>& y) {
        double m = 0;
        for (std::size_t i = 0; i < y.size(); ++i) m = std::max(m, std::abs(y[i] - truth[i]));
        return m;
    };
    plot::Figure figure;
    figure.title = "Universal approximation of f(x) = sin(2x) + 0.3x² on [−2, 2]";
    figure.columns = 2;
    plot::Panel by_hand;
    by_hand.title = "ReLU rectangles set by hand (4 ReLUs each)";
    by_hand.x_label = "x";
    by_hand.series.push_back(line("f", grid, truth, plot::Color{0, 0, 0, 1}));
    std::size_t colour = 0;
    for (int k : {4, 8, 16, 32, 64}) {
        auto net = rectangles(k);
        NoGradGuard no_grad;
        const auto y = (*net)(xg).to_vector();
        result.add(fmt::format("rectangles K={} ({} ReLUs) max error", k, 4 * k), max_error(y));
        if (k == 4 || k == 16) by_hand.series.push_back(line(fmt::format("K = {} rectangles", k), grid, y, plot::palette(colour++)));
    }
    // One hidden layer of 100 ReLUs trained with Adam on 200 noiseless samples.
    Generator generator(options.seed + 5);
    Sequential wide;
    wide.emplace<Linear>(1, 100, true, DType::f64, generator).emplace<Activation>("relu").emplace<Linear>(100, 1, true, DType::f64, generator);
    std::vector<double> xs, ys;
    for (int i = 0; i < 200; ++i) {
        xs.push_back(generator.uniform(-2, 2));
        ys.push_back(target(xs.back()));
    }
    const Tensor x = Tensor::from(std::span<const double>(xs), {200, 1}), t = Tensor::from(std::span<const double>(ys), {200, 1});
    AdamOptions adam_options;
    adam_options.lr = 0.01;
    Adam adam(wide.parameters(), adam_options);
    double loss = 0;
    for (int s = 0; s < 3000; ++s) {
        adam.zero_grad();
        Tensor l = ops::mse_loss(wide(x), t);
        loss = l.item();
        l.backward();
        adam.step();
    }
    std::vector<double> fitted;
    {
        NoGradGuard no_grad;
        fitted = wide(xg).to_vector();
    }
    result.add("wide layer (100 ReLUs, Adam, 3000 steps) train MSE", loss);
    result.add("wide layer max error on [-2, 2]", max_error(fitted));
    plot::Panel trained;
    trained.title = fmt::format("one hidden layer of 100 ReLUs, trained (max error {:.3f})", max_error(fitted));
    trained.x_label = "x";
    trained.series.push_back(line("f", grid, truth, plot::Color{0, 0, 0, 1}));
    trained.series.push_back(line("network", grid, fitted, plot::palette(1), plot::LineStyle::dashed));
    figure.panels = {by_hand, trained};
    save_figure(figure, options, "universal", result);
    return result;
}

}  // namespace axon::course
