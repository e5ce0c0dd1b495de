// Gradient descent exercises: f(x) = (x − 1)² + 3.5 (note 004), f(x, y) = 1.5x² + y² + 2 for several η
// (note 003), minibatch SGD on the linear model Y = ⟨w0, X⟩ + ε (note 003) and momentum (note 003).
// The gradients come from autograd and the updates from axon's optimisers.
#include <algorithm>
#include <cmath>
#include <numbers>

#include <fmt/format.h>

#include "axon/io/synthetic.hpp"
#include "axon/layers/linear.hpp"
#include "axon/ops/arithmetic.hpp"
#include "axon/ops/loss.hpp"
#include "axon/ops/reduce.hpp"
#include "axon/ops/shape.hpp"
#include "axon/optim/sgd.hpp"
#include "course/common.hpp"

namespace axon::course {

namespace {

std::string eta_name(double eta) { return fmt::format("eta={}", eta); }

// The median of a[t+1] / a[t] over the steps where a[t] is not tiny: the contraction factor of a
// linear iteration (1 − c·η for a quadratic of curvature c).
double step_ratio(const std::vector<double>& a) {
    std::vector<double> r;
    for (std::size_t t = 0; t + 1 < a.size(); ++t)
        if (std::abs(a[t]) > 1e-150) r.push_back(a[t + 1] / a[t]);
    if (r.empty()) return NAN;
    std::nth_element(r.begin(), r.begin() + static_cast<std::ptrdiff_t>(r.size() / 2), r.end());
    return r[r.size() / 2];
}

// Level sets of a function on a panel: a raster of its values and a few contour lines.
void add_level_sets(plot::Panel& panel, const std::function<double(double, double)>& f, std::vector<double> levels,
                    double x_min, double x_max, double y_min, double y_max) {
    panel.background = function_raster(f, x_min, x_max, y_min, y_max);
    panel.background->alpha = 0.55;
    for (double level : levels)
        panel.series.push_back(contour(f, level, x_min, x_max, y_min, y_max, plot::Color{0.3, 0.3, 0.3, 0.6}));
    panel.x_min = x_min;
    panel.x_max = x_max;
    panel.y_min = y_min;
    panel.y_max = y_max;
    panel.equal_aspect = true;
}

plot::Series path_series(std::string label, std::vector<double> x, std::vector<double> y, plot::Color color) {
    plot::Series s = line(std::move(label), std::move(x), std::move(y), color);
    s.marker = plot::Marker::circle;
    s.marker_size = 2.5;
    s.line_width = 1.2;
    return s;
}

}  // namespace

// ---- f(x) = (x − 1)² + 3.5: f' = 2(x − 1), so x − 1 is multiplied by 1 − 2η each step ----
CourseResult run_gd_1d(const CourseOptions& options) {
    CourseResult result;
    const double x_start = -2.0;
    const int steps = 30;
    const std::vector<double> etas{0.1, 0.45, 0.9, 1.05};
    auto f = [](double x) { return (x - 1) * (x - 1) + 3.5; };
    result.add("analytic minimum x", 1.0);
    result.add("analytic minimum f", 3.5);
    plot::Figure figure;
    figure.title = "Gradient descent on f(x) = (x − 1)² + 3.5 from x = −2";
    figure.columns = 2;
    for (std::size_t k = 0; k < etas.size(); ++k) {
        const double eta = etas[k];
        Tensor x = Tensor::from({x_start}, {1}, DType::f64).requires_grad_();
        GradientDescent gd({x}, eta);
        std::vector<double> xs{x_start}, fs{f(x_start)}, offsets{x_start - 1};
        for (int t = 0; t < steps; ++t) {
            gd.zero_grad();
            ops::sum(ops::pow(x - 1.0, 2) + 3.5).backward();
            gd.step();
            xs.push_back(x.item());
            fs.push_back(f(x.item()));
            offsets.push_back(x.item() - 1);
        }
        const std::string name = eta_name(eta);
        result.add(name + " final x", xs.back());
        result.add(name + " final f", fs.back());
        result.add(name + " ratio (x-1)", step_ratio(offsets));
        result.add(name + " ratio theory 1-2eta", 1 - 2 * eta);

        plot::Panel panel;
        panel.title = fmt::format("η = {}: x − 1 ×{:.2f} per step", eta, 1 - 2 * eta);
        panel.x_label = "x";
        panel.y_label = "f(x)";
        panel.x_min = -4;
        panel.x_max = 6;
        panel.y_min = 0;
        panel.y_max = 30;
        std::vector<double> cx, cy;
        for (int i = 0; i <= 200; ++i) {
            cx.push_back(-4 + 10.0 * i / 200);
            cy.push_back(f(cx.back()));
        }
        panel.series.push_back(line("f", cx, cy, plot::Color{0.4, 0.4, 0.4, 1}));
        panel.series.push_back(path_series("iterates", xs, fs, plot::palette(k == 3 ? 3 : 0)));
        figure.panels.push_back(panel);
    }
    save_figure(figure, options, "gd-1d", result);
    return result;
}

// ---- f(x, y) = 1.5x² + y² + 2: ∇f = (3x, 2y), so x ×(1 − 3η), y ×(1 − 2η) per step ----
CourseResult run_gd_2d(const CourseOptions& options) {
    CourseResult result;
    const std::vector<double> etas{0.1, 0.001, 0.665757, 0.7};
    const std::vector<int> steps{100, 100, 100, 15};
    const double x0 = -2.0, y0 = 2.5;
    auto f = [](double x, double y) { return 1.5 * x * x + y * y + 2; };
    plot::Figure figure;
    figure.title = "Gradient descent on f(x, y) = 1.5x² + y² + 2 from (−2, 2.5)";
    figure.columns = 2;
    for (std::size_t k = 0; k < etas.size(); ++k) {
        const double eta = etas[k];
        Tensor p = Tensor::from({x0, y0}, {2}, DType::f64).requires_grad_();
        const Tensor coefficients = Tensor::from({1.5, 1.0}, {2}, DType::f64);
        GradientDescent gd({p}, eta);
        std::vector<double> xs{x0}, ys{y0};
        for (int t = 0; t < steps[k]; ++t) {
            gd.zero_grad();
            (ops::sum(coefficients * ops::pow(p, 2)) + 2.0).backward();
            gd.step();
            xs.push_back(p.at(0));
            ys.push_back(p.at(1));
        }
        const std::string name = eta_name(eta);
        result.add(name + " steps", steps[k]);
        result.add(name + " final x", xs.back());
        result.add(name + " final y", ys.back());
        result.add(name + " final f", f(xs.back(), ys.back()));
        result.add(name + " ratio x", step_ratio(xs));
        result.add(name + " ratio y", step_ratio(ys));
        result.add(name + " theory 1-3eta", 1 - 3 * eta);
        result.add(name + " theory 1-2eta", 1 - 2 * eta);

        plot::Panel panel;
        panel.title = eta > 2.0 / 3 ? fmt::format("η = {} > 2/3: diverges ({} steps)", eta, steps[k])
                                    : fmt::format("η = {} ({} steps)", eta, steps[k]);
        panel.x_label = "x";
        panel.y_label = "y";
        add_level_sets(panel, f, {2.5, 4, 6, 9, 13}, -3.2, 3.2, -3, 3);
        panel.series.push_back(path_series("", xs, ys, plot::palette(3)));
        figure.panels.push_back(panel);
    }
    save_figure(figure, options, "gd-2d", result);
    return result;
}

// ---- the linear model: SGD on fresh minibatches, i.e. on the expected risk ----
namespace {

struct SgdPath {
    std::vector<double> w1, w2, excess_risk;
};

// SGD on mean (y − ⟨w, x⟩)² over minibatches of `batch` fresh samples of the model, from w = (−1, 1).
SgdPath linear_model_sgd(const LinearModel& model, std::int64_t batch, double eta, double momentum, int steps,
                         std::uint64_t seed) {
    const Dataset data = model.sample(batch * steps, seed);
    const Tensor x = data.features_tensor().to(DType::f64), y = data.targets_tensor().to(DType::f64);
    Linear linear(2, 1, /*bias=*/false, DType::f64);
    linear.weight().copy_from(Tensor::from({-1.0, 1.0}, {1, 2}, DType::f64));
    SGDOptions sgd_options;
    sgd_options.lr = eta;
    sgd_options.momentum = momentum;
    sgd_options.momentum_form = MomentumForm::ema;
    SGD sgd(linear.parameters(), sgd_options);
    SgdPath path;
    auto record = [&] {
        const std::array<double, 2> w{linear.weight().at(0), linear.weight().at(1)};
        path.w1.push_back(w[0]);
        path.w2.push_back(w[1]);
        path.excess_risk.push_back(model.excess_risk(w));
    };
    record();
    for (int t = 0; t < steps; ++t) {
        const Tensor xb = ops::slice(x, 0, t * batch, (t + 1) * batch);
        const Tensor yb = ops::slice(y, 0, t * batch, (t + 1) * batch);
        sgd.zero_grad();
        ops::mse_loss(linear(xb), yb).backward();
        sgd.step();
        record();
    }
    return path;
}

double mean_of_last(const std::vector<double>& v, std::size_t n) {
    n = std::min(n, v.size());
    double s = 0;
    for (std::size_t i = v.size() - n; i < v.size(); ++i) s += v[i];
    return s / static_cast<double>(n);
}

// The mean angle, in degrees, between consecutive updates w_{t+1} − w_t: 0 for a straight path, 90 for a
// random walk, near 180 for a zig-zag.
double mean_turn_degrees(const std::vector<double>& a, const std::vector<double>& b) {
    double sum = 0;
    int count = 0;
    for (std::size_t t = 0; t + 2 < a.size(); ++t) {
        const double u1 = a[t + 1] - a[t], u2 = b[t + 1] - b[t];
        const double v1 = a[t + 2] - a[t + 1], v2 = b[t + 2] - b[t + 1];
        const double nu = std::hypot(u1, u2), nv = std::hypot(v1, v2);
        if (nu < 1e-12 || nv < 1e-12) continue;
        sum += std::acos(std::clamp((u1 * v1 + u2 * v2) / (nu * nv), -1.0, 1.0));
        ++count;
    }
    return count ? sum / count * 180 / std::numbers::pi : NAN;
}

std::function<double(double, double)> risk_function(const LinearModel& model) {
    return [model](double w1, double w2) { return model.excess_risk({w1, w2}); };
}

}  // namespace

CourseResult run_minibatch(const CourseOptions& options) {
    CourseResult result;
    const LinearModel model;
    const int steps = 300;
    const std::vector<std::int64_t> batches{1, 10, 100};
    const std::vector<double> etas{0.01, 0.1};
    plot::Figure curves;
    curves.title = "Minibatch SGD on Y = ⟨w0, X⟩ + ε, w0 = (2, −1): excess risk (w − w0)ᵀΣ(w − w0)";
    plot::Panel risk;
    risk.x_label = "step";
    risk.y_label = "excess risk";
    risk.log_y = true;
    plot::Figure paths;
    paths.title = "SGD paths over the level sets of the risk (w0 = (2, −1) is the centre)";
    paths.columns = 3;
    for (double eta : etas) {
        for (std::size_t b = 0; b < batches.size(); ++b) {
            const std::int64_t batch = batches[b];
            SgdPath path = linear_model_sgd(model, batch, eta, 0.0, steps, options.seed + 11);
            const std::string name = fmt::format("B={} eta={}", batch, eta);
            result.add(name + " excess risk at step 50", path.excess_risk[50]);
            result.add(name + " final excess risk (mean of last 100 steps)", mean_of_last(path.excess_risk, 100));
            risk.series.push_back(line(fmt::format("|B| = {}, η = {}", batch, eta), counting(path.excess_risk.size(), 0),
                                       path.excess_risk, plot::palette(b),
                                       eta == 0.1 ? plot::LineStyle::solid : plot::LineStyle::dashed));
            plot::Panel panel;
            panel.title = fmt::format("η = {}, |B| = {}", eta, batch);
            panel.x_label = "w1";
            panel.y_label = "w2";
            add_level_sets(panel, risk_function(model), {0.05, 0.25, 1, 2.5, 5}, -1.5, 3.5, -2.5, 1.5);
            panel.series.push_back(path_series("", path.w1, path.w2, plot::palette(3)));
            paths.panels.push_back(panel);
        }
    }
    curves.panels.push_back(risk);
    save_figure(curves, options, "minibatch-risk", result);
    save_figure(paths, options, "minibatch-paths", result);
    return result;
}

// ---- momentum (note 003's form): v ← βv + (1 − β)∇L, θ ← θ − ηv, with v₀ = ∇L(θ₀) ----
CourseResult run_momentum(const CourseOptions& options) {
    CourseResult result;
    plot::Figure figure;
    figure.title = "Momentum 0 against 0.5 (v ← βv + (1 − β)∇L)";
    figure.columns = 2;
    // (a) gradient descent on the paraboloid with a large step: x zig-zags (×(1 − 3η) = −0.8 per step).
    const double eta_gd = 0.6;
    for (double beta : {0.0, 0.5}) {
        Tensor p = Tensor::from({-2.0, 2.5}, {2}, DType::f64).requires_grad_();
        const Tensor coefficients = Tensor::from({1.5, 1.0}, {2}, DType::f64);
        SGDOptions o;
        o.lr = eta_gd;
        o.momentum = beta;
        o.momentum_form = MomentumForm::ema;
        SGD sgd({p}, o);
        std::vector<double> xs{p.at(0)}, ys{p.at(1)};
        int converged_at = -1;
        for (int t = 0; t < 200; ++t) {
            sgd.zero_grad();
            (ops::sum(coefficients * ops::pow(p, 2)) + 2.0).backward();
            sgd.step();
            xs.push_back(p.at(0));
            ys.push_back(p.at(1));
            if (converged_at < 0 && 1.5 * xs.back() * xs.back() + ys.back() * ys.back() < 1e-6) converged_at = t + 1;
        }
        int flips = 0;
        for (std::size_t t = 0; t + 2 < xs.size() && t < 20; ++t) flips += (xs[t + 1] - xs[t]) * (xs[t + 2] - xs[t + 1]) < 0;
        const std::string name = fmt::format("paraboloid eta={} momentum={}", eta_gd, beta);
        result.add(name + " x-step sign flips in 20 steps", flips);
        result.add(name + " steps to f-2 < 1e-6", converged_at);
        plot::Panel panel;
        panel.title = fmt::format("GD on 1.5x² + y² + 2, η = {}, momentum {}", eta_gd, beta);
        panel.x_label = "x";
        panel.y_label = "y";
        add_level_sets(panel, [](double x, double y) { return 1.5 * x * x + y * y + 2; }, {2.5, 4, 6, 9, 13}, -3.2, 3.2,
                       -3, 3);
        xs.resize(40);
        ys.resize(40);
        panel.series.push_back(path_series("", xs, ys, plot::palette(3)));
        figure.panels.push_back(panel);
    }
    // (b) SGD on the linear model, η = 0.1, |B| = 10: momentum averages the noisy minibatch gradients.
    const LinearModel model;
    for (double beta : {0.0, 0.5}) {
        SgdPath path = linear_model_sgd(model, 10, 0.1, beta, 300, options.seed + 11);
        const std::string name = fmt::format("linear model eta=0.1 B=10 momentum={}", beta);
        result.add(name + " mean turn between updates (degrees)", mean_turn_degrees(path.w1, path.w2));
        result.add(name + " final excess risk (mean of last 100 steps)", mean_of_last(path.excess_risk, 100));
        plot::Panel panel;
        panel.title = fmt::format("SGD on the linear model, η = 0.1, |B| = 10, momentum {}", beta);
        panel.x_label = "w1";
        panel.y_label = "w2";
        add_level_sets(panel, risk_function(model), {0.05, 0.25, 1, 2.5, 5}, -1.5, 3.5, -2.5, 1.5);
        panel.series.push_back(path_series("", path.w1, path.w2, plot::palette(3)));
        figure.panels.push_back(panel);
    }
    save_figure(figure, options, "momentum", result);
    return result;
}

}  // namespace axon::course
