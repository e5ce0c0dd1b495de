#include "axon/plot/charts.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <limits>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "axon/error.hpp"
#include "axon/ops/arithmetic.hpp"

namespace axon::plot {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

// ---- training curves --------------------------------------------------------------------------------

Figure loss_curves(const History& history, const std::string& title) {
    Figure figure;
    figure.title = title;
    figure.columns = 2;
    bool few = history.epochs.size() <= 30;
    auto curve = [&](const std::string& label, std::size_t color, LineStyle line, auto value) {
        Series s;
        s.label = label;
        s.color = palette(color);
        s.line = line;
        s.line_width = 2;
        if (few) s.marker = Marker::circle, s.marker_size = 3;
        for (const auto& e : history.epochs) {
            s.x.push_back(static_cast<double>(e.epoch));
            s.y.push_back(value(e));
        }
        bool measured = std::any_of(s.y.begin(), s.y.end(), [](double v) { return std::isfinite(v); });
        return std::pair{s, measured};
    };
    Panel loss;
    loss.title = "loss";
    loss.x_label = "epoch";
    loss.y_label = "loss";
    Panel metric;
    bool r2 = history.metric_name == "r2";
    metric.title = r2 ? "R²" : "accuracy";
    metric.x_label = "epoch";
    metric.y_label = r2 ? "R²" : "accuracy";
    for (auto [s, measured] : {curve("train", 0, LineStyle::solid, [](const EpochRecord& e) { return e.train_loss; }),
                               curve("validation", 1, LineStyle::dashed, [](const EpochRecord& e) { return e.val_loss; })})
        if (measured) loss.series.push_back(s);
    for (auto [s, measured] :
         {curve("train", 0, LineStyle::solid, [](const EpochRecord& e) { return e.train_accuracy; }),
          curve("validation", 1, LineStyle::dashed, [](const EpochRecord& e) { return e.val_accuracy; })})
        if (measured) metric.series.push_back(s);
    // Log scale when the positive losses span more than a decade.
    double low = std::numeric_limits<double>::infinity(), high = 0;
    bool non_positive = false;
    for (const auto& s : loss.series)
        for (double v : s.y) {
            if (!std::isfinite(v)) continue;
            if (v <= 0) non_positive = true;
            low = std::min(low, v);
            high = std::max(high, v);
        }
    loss.log_y = !non_positive && high > 10 * low;
    if (history.epochs.size() == 1) {  // one point: give the x axis some room
        loss.x_min = metric.x_min = 0;
        loss.x_max = metric.x_max = 2;
    }
    figure.panels = {loss, metric};
    return figure;
}

namespace {

std::vector<std::string> split(const std::string& line, char sep) {
    std::vector<std::string> parts;
    std::stringstream in(line);
    std::string part;
    while (std::getline(in, part, sep)) parts.push_back(part);
    return parts;
}

}  // namespace

History read_history(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw IoError(fmt::format("read_history: cannot open {} (no such file or not readable)", path.string()));
    std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    History history;
    auto first = text.find_first_not_of(" \t\r\n");
    if (first != std::string::npos && text[first] == '{') {
        nlohmann::json j;
        try {
            j = nlohmann::json::parse(text);
        } catch (const nlohmann::json::exception& e) {
            throw IoError(fmt::format("read_history: {} is not valid JSON ({})", path.string(), e.what()));
        }
        // --metrics-json has the epochs at the top, a --report run.json under "history".
        nlohmann::json* h = j.contains("epochs") ? &j : nullptr;
        if (!h && j.contains("history") && j["history"].is_object() && j["history"].contains("epochs")) h = &j["history"];
        if (!h || !(*h)["epochs"].is_array())
            throw IoError(fmt::format("read_history: {} has no \"epochs\" array (write it with axon train --metrics-json)",
                                      path.string()));
        if (!h->contains("metric")) {
            const auto& epochs = (*h)["epochs"];
            (*h)["metric"] = (!epochs.empty() && epochs.front().contains("train_r2")) ? "r2" : "accuracy";
        }
        try {
            history = History::from_json(h->dump());
        } catch (const IoError& e) {
            throw IoError(fmt::format("read_history: {}: {}", path.string(), e.what()));
        }
        return history;
    }
    std::stringstream lines(text);
    std::string line;
    std::getline(lines, line);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    auto header = split(line, ',');
    if (header.size() < 5 || header[0] != "epoch" || header[1] != "train_loss" || header[2].rfind("train_", 0) != 0)
        throw IoError(fmt::format("read_history: {} is neither the JSON of --metrics-json nor the CSV of --history-csv "
                                  "(header '{}')",
                                  path.string(), line));
    history.metric_name = header[2].substr(6);
    std::int64_t row = 1;
    while (std::getline(lines, line)) {
        ++row;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        auto cells = split(line, ',');
        std::vector<double> v;
        for (const auto& cell : cells) {
            char* end = nullptr;
            double x = std::strtod(cell.c_str(), &end);
            if (end == cell.c_str()) throw IoError(fmt::format("read_history: {} line {}: '{}' is not a number", path.string(), row, cell));
            v.push_back(x);
        }
        v.resize(8, kNaN);
        EpochRecord r;
        r.epoch = static_cast<std::int64_t>(v[0]);
        r.train_loss = v[1], r.train_accuracy = v[2], r.val_loss = v[3], r.val_accuracy = v[4];
        r.learning_rate = v[5], r.seconds = v[6], r.samples_per_second = v[7];
        history.epochs.push_back(std::move(r));
    }
    return history;
}

// ---- decision boundaries ----------------------------------------------------------------------------

namespace {

struct Grid {
    std::int64_t rows = 0, cols = 0;
    double x_min = 0, x_max = 1, y_min = 0, y_max = 1;
    double x(std::int64_t c) const { return x_min + (static_cast<double>(c) + 0.5) / static_cast<double>(cols) * (x_max - x_min); }
    double y(std::int64_t r) const { return y_max - (static_cast<double>(r) + 0.5) / static_cast<double>(rows) * (y_max - y_min); }
};

Grid boundary_grid(const Dataset& data, const BoundaryOptions& options) {
    if (data.num_features() != 2)
        throw ShapeError(fmt::format("decision_boundary: the data must have 2 features to draw in the plane ({} features)",
                                     data.num_features()));
    if (data.empty()) throw ShapeError("decision_boundary: the data set is empty");
    if (options.resolution < 2) throw ConfigError(fmt::format("decision_boundary: resolution must be at least 2 ({})", options.resolution));
    double x_low = std::numeric_limits<double>::infinity(), x_high = -x_low, y_low = x_low, y_high = -x_low;
    for (std::int64_t i = 0; i < data.size(); ++i) {
        x_low = std::min<double>(x_low, data.feature(i, 0));
        x_high = std::max<double>(x_high, data.feature(i, 0));
        y_low = std::min<double>(y_low, data.feature(i, 1));
        y_high = std::max<double>(y_high, data.feature(i, 1));
    }
    double w = std::max(x_high - x_low, 1e-6), h = std::max(y_high - y_low, 1e-6);
    double pad = options.margin * std::max(w, h);
    Grid grid{0, 0, x_low - pad, x_high + pad, y_low - pad, y_high + pad};
    w += 2 * pad;
    h += 2 * pad;
    auto longer = static_cast<double>(options.resolution);
    grid.cols = w >= h ? options.resolution : std::max<std::int64_t>(2, std::llround(longer * w / h));
    grid.rows = h > w ? options.resolution : std::max<std::int64_t>(2, std::llround(longer * h / w));
    return grid;
}

Panel boundary_panel(const Grid& grid, std::vector<double> classes, const Dataset& data, const BoundaryOptions& options) {
    Panel panel;
    panel.title = options.title;
    panel.x_label = "x1";
    panel.y_label = "x2";
    panel.equal_aspect = true;
    panel.x_min = grid.x_min, panel.x_max = grid.x_max, panel.y_min = grid.y_min, panel.y_max = grid.y_max;
    Raster raster;
    raster.rows = grid.rows;
    raster.cols = grid.cols;
    raster.values = std::move(classes);
    raster.x_min = grid.x_min, raster.x_max = grid.x_max, raster.y_min = grid.y_min, raster.y_max = grid.y_max;
    raster.colormap = ColorMap::classes;
    raster.alpha = options.region_alpha;
    raster.smooth = false;
    panel.background = raster;

    bool classes_known = data.task() == Task::classification;
    Series points;
    points.line = LineStyle::none;
    points.marker = Marker::circle;
    points.marker_size = options.point_size;
    for (std::int64_t i = 0; i < data.size(); ++i) {
        points.x.push_back(data.feature(i, 0));
        points.y.push_back(data.feature(i, 1));
        points.point_colors.push_back(classes_known ? palette(static_cast<std::size_t>(data.labels()[i])) : Color{0.25, 0.25, 0.25, 1});
    }
    panel.series.push_back(points);
    // Legend entries: one empty series per class.
    if (classes_known)
        for (std::int64_t c = 0; c < data.num_classes(); ++c) {
            Series entry;
            entry.label = fmt::format("class {}", c);
            entry.line = LineStyle::none;
            entry.marker = Marker::circle;
            entry.color = palette(static_cast<std::size_t>(c));
            panel.series.push_back(entry);
        }
    return panel;
}

}  // namespace

Panel decision_boundary(const Classifier2d& classify, const Dataset& data_2d, const BoundaryOptions& options) {
    auto grid = boundary_grid(data_2d, options);
    std::vector<double> classes(static_cast<std::size_t>(grid.rows * grid.cols));
    for (std::int64_t r = 0; r < grid.rows; ++r)
        for (std::int64_t c = 0; c < grid.cols; ++c)
            classes[static_cast<std::size_t>(r * grid.cols + c)] = classify(grid.x(c), grid.y(r));
    return boundary_panel(grid, std::move(classes), data_2d, options);
}

std::vector<int> model_classes(Module& model, const Tensor& points) {
    NoGradGuard no_grad;
    bool was_training = model.training();
    model.eval();
    Tensor out;
    try {
        out = model.forward(points);
    } catch (...) {
        model.train(was_training);
        throw;
    }
    model.train(was_training);
    if (out.ndim() != 2 || out.dim(0) != points.dim(0))
        throw ShapeError(fmt::format("decision_boundary: the model's output is {} for {} points; expected (M, C)",
                                     shape_str(out.shape()), points.dim(0)));
    auto values = out.to_vector();
    std::int64_t m = out.dim(0), c = out.dim(1);
    std::vector<int> classes(static_cast<std::size_t>(m));
    for (std::int64_t i = 0; i < m; ++i) {
        const double* row = values.data() + i * c;
        classes[static_cast<std::size_t>(i)] =
            c == 1 ? (row[0] > 0 ? 1 : 0) : static_cast<int>(std::max_element(row, row + c) - row);
    }
    return classes;
}

Panel decision_boundary(Module& model, const Dataset& data_2d, const BoundaryOptions& options) {
    return decision_boundary(BatchClassifier2d([&model](const Tensor& points) { return model_classes(model, points); }),
                             data_2d, options);
}

Panel decision_boundary(const BatchClassifier2d& classify, const Dataset& data_2d, const BoundaryOptions& options) {
    auto grid = boundary_grid(data_2d, options);
    std::vector<float> xy;
    xy.reserve(static_cast<std::size_t>(grid.rows * grid.cols * 2));
    for (std::int64_t r = 0; r < grid.rows; ++r)
        for (std::int64_t c = 0; c < grid.cols; ++c) {
            xy.push_back(static_cast<float>(grid.x(c)));
            xy.push_back(static_cast<float>(grid.y(r)));
        }
    auto classes = classify(Tensor::from(std::span<const float>(xy), {grid.rows * grid.cols, 2}));
    if (static_cast<std::int64_t>(classes.size()) != grid.rows * grid.cols)
        throw ShapeError(fmt::format("decision_boundary: the classifier gave {} classes for {} points", classes.size(),
                                     grid.rows * grid.cols));
    return boundary_panel(grid, std::vector<double>(classes.begin(), classes.end()), data_2d, options);
}

// ---- weights and images -----------------------------------------------------------------------------

namespace {

Panel image_panel(std::vector<double> values, std::array<std::int64_t, 2> shape, ColorMap colormap, double low,
                  double high, std::string title) {
    Panel panel;
    panel.title = std::move(title);
    panel.show_axes = false;
    panel.equal_aspect = true;
    Raster raster;
    raster.rows = shape[0];
    raster.cols = shape[1];
    raster.values = std::move(values);
    raster.x_min = 0, raster.x_max = static_cast<double>(shape[1]);
    raster.y_min = 0, raster.y_max = static_cast<double>(shape[0]);
    raster.colormap = colormap;
    raster.low = low;
    raster.high = high;
    panel.background = raster;
    return panel;
}

}  // namespace

Figure first_layer_weights(const std::vector<NamedTensor>& state, std::array<std::int64_t, 2> image_shape,
                           std::int64_t max_units, int columns) {
    const NamedTensor* first = nullptr;
    for (const auto& entry : state)
        if (entry.tensor.ndim() == 2 && entry.name.size() >= 6 && entry.name.substr(entry.name.size() - 6) == "weight") {
            first = &entry;
            break;
        }
    if (!first) throw ShapeError("first_layer_weights: the state has no 2-D weight (no Linear layer)");
    std::int64_t units = first->tensor.dim(0), inputs = first->tensor.dim(1);
    if (inputs != image_shape[0] * image_shape[1])
        throw ShapeError(fmt::format("first_layer_weights: '{}' {} has {} inputs, not an image of {} × {} = {}",
                                     first->name, shape_str(first->tensor.shape()), inputs, image_shape[0],
                                     image_shape[1], image_shape[0] * image_shape[1]));
    auto w = first->tensor.to_vector();
    std::int64_t shown = std::min(units, std::max<std::int64_t>(1, max_units));
    double largest = 0;
    for (std::int64_t u = 0; u < shown; ++u)
        for (std::int64_t d = 0; d < inputs; ++d) largest = std::max(largest, std::abs(w[static_cast<std::size_t>(u * inputs + d)]));
    if (largest == 0) largest = 1;
    Figure figure;
    figure.title = fmt::format("First-layer weights ('{}', {} of {} units): blue < 0 < red, |w| ≤ {:.3g}", first->name,
                               shown, units, largest);
    figure.columns = std::max(1, std::min(columns, static_cast<int>(shown)));
    figure.panel_width = 130;
    figure.panel_height = 150;
    for (std::int64_t u = 0; u < shown; ++u) {
        std::vector<double> row(w.begin() + u * inputs, w.begin() + (u + 1) * inputs);
        figure.panels.push_back(image_panel(std::move(row), image_shape, ColorMap::diverging, -largest, largest,
                                            fmt::format("unit {}", u + 1)));
    }
    if (figure.panels.size() < 3) figure.panel_width = 260;  // keep room for the title
    return figure;
}

Figure image_grid(const std::vector<std::vector<double>>& images, const std::vector<std::string>& titles,
                  std::array<std::int64_t, 2> image_shape, int columns) {
    if (images.empty()) throw ConfigError("image_grid: no images");
    Figure figure;
    figure.columns = std::max(1, std::min(columns, static_cast<int>(images.size())));
    figure.panel_width = 130;
    figure.panel_height = 150;
    for (std::size_t i = 0; i < images.size(); ++i) {
        if (static_cast<std::int64_t>(images[i].size()) != image_shape[0] * image_shape[1])
            throw ShapeError(fmt::format("image_grid: image {} has {} values, not {} × {}", i, images[i].size(),
                                         image_shape[0], image_shape[1]));
        figure.panels.push_back(image_panel(images[i], image_shape, ColorMap::gray, 0, 1, i < titles.size() ? titles[i] : ""));
    }
    return figure;
}

Panel confusion_matrix_panel(const std::vector<std::vector<std::int64_t>>& counts,
                             const std::vector<std::string>& class_names, const std::string& title) {
    auto n = static_cast<std::int64_t>(counts.size());
    if (n == 0) throw ShapeError("confusion_matrix_panel: no classes");
    for (const auto& row : counts)
        if (static_cast<std::int64_t>(row.size()) != n)
            throw ShapeError(fmt::format("confusion_matrix_panel: the counts must be C × C (a row of {} for C = {})", row.size(), n));
    Panel panel;
    panel.title = title;
    panel.x_label = "predicted";
    panel.y_label = "true";
    Raster raster;
    raster.rows = raster.cols = n;
    for (const auto& row : counts)
        for (auto v : row) raster.values.push_back(static_cast<double>(v));
    double nd = static_cast<double>(n);
    raster.x_min = -0.5, raster.x_max = nd - 0.5, raster.y_min = -0.5, raster.y_max = nd - 0.5;
    raster.colormap = ColorMap::viridis;
    raster.annotate = true;
    raster.low = 0;
    panel.background = raster;
    for (std::int64_t c = 0; c < n; ++c)
        panel.x_categories.push_back(static_cast<std::size_t>(c) < class_names.size() ? class_names[c] : std::to_string(c));
    // Row 0 (true class 0) is the top row, at y = n − 1.
    panel.y_categories.assign(panel.x_categories.rbegin(), panel.x_categories.rend());
    return panel;
}

// ---- gradient descent in the plane ------------------------------------------------------------------

Function2d function_2d(const std::string& name) {
    if (name == "course") {
        Function2d f;
        f.name = name;
        f.formula = "f(x, y) = 1.5x² + y² + 2";
        f.f = [](const Tensor& x, const Tensor& y) { return 1.5 * (x * x) + y * y + 2.0; };
        f.x_min = -2.5, f.x_max = 2.5, f.y_min = -2, f.y_max = 2;
        f.start = {-2.0, 1.5};
        return f;
    }
    if (name == "rosenbrock") {
        Function2d f;
        f.name = name;
        f.formula = "f(x, y) = (1 − x)² + 100(y − x²)²";
        f.f = [](const Tensor& x, const Tensor& y) {
            auto a = 1.0 - x;
            auto b = y - x * x;
            return a * a + 100.0 * (b * b);
        };
        f.x_min = -2, f.x_max = 2, f.y_min = -1, f.y_max = 3;
        f.start = {-1.5, 2.0};
        return f;
    }
    throw ConfigError(fmt::format("function_2d: unknown function '{}' (known: course, rosenbrock)", name));
}

const std::vector<std::string>& function_2d_names() {
    static const std::vector<std::string> kNames{"course", "rosenbrock"};
    return kNames;
}

std::vector<std::array<double, 2>> gradient_descent(const Function2d& function, std::array<double, 2> start,
                                                    double learning_rate, std::int64_t steps) {
    if (steps < 0) throw ConfigError(fmt::format("gradient_descent: steps must be ≥ 0 ({})", steps));
    std::vector<std::array<double, 2>> path{start};
    auto theta = start;
    for (std::int64_t t = 0; t < steps; ++t) {
        if (!std::isfinite(theta[0]) || !std::isfinite(theta[1]) || std::abs(theta[0]) > 1e150 || std::abs(theta[1]) > 1e150) {
            path.push_back({kNaN, kNaN});
            continue;
        }
        // One tiny graph: two scalar leaves, f, backward.
        auto x = Tensor::scalar(theta[0], DType::f64).requires_grad_();
        auto y = Tensor::scalar(theta[1], DType::f64).requires_grad_();
        function.f(x, y).backward();
        theta = {theta[0] - learning_rate * x.grad().item(), theta[1] - learning_rate * y.grad().item()};
        path.push_back(theta);
    }
    return path;
}

namespace {

double value_at(const Function2d& function, double x, double y) {
    NoGradGuard no_grad;
    return function.f(Tensor::scalar(x, DType::f64), Tensor::scalar(y, DType::f64)).item();
}

}  // namespace

Figure gd_trajectories(const Function2d& function, std::array<double, 2> start,
                       const std::vector<double>& learning_rates, std::int64_t steps) {
    if (learning_rates.empty()) throw ConfigError("gd_trajectories: no learning rate given");
    Figure figure;
    figure.panel_width = 720;
    figure.panel_height = 540;
    Panel panel;
    panel.title = fmt::format("Gradient descent on {}, {} steps from ({:g}, {:g})", function.formula, steps, start[0], start[1]);
    panel.x_label = "x";
    panel.y_label = "y";
    panel.equal_aspect = true;
    panel.x_min = function.x_min, panel.x_max = function.x_max, panel.y_min = function.y_min, panel.y_max = function.y_max;

    // The function on a grid, in one call: the ops are elementwise, so f takes (M) tensors as well.
    constexpr std::int64_t kCols = 250;
    auto rows = std::max<std::int64_t>(2, std::llround(kCols * (function.y_max - function.y_min) / (function.x_max - function.x_min)));
    std::vector<double> xs, ys;
    for (std::int64_t r = 0; r < rows; ++r)
        for (std::int64_t c = 0; c < kCols; ++c) {
            xs.push_back(function.x_min + (static_cast<double>(c) + 0.5) / kCols * (function.x_max - function.x_min));
            ys.push_back(function.y_max - (static_cast<double>(r) + 0.5) / static_cast<double>(rows) * (function.y_max - function.y_min));
        }
    Raster raster;
    {
        NoGradGuard no_grad;
        auto m = static_cast<std::int64_t>(xs.size());
        raster.values = function.f(Tensor::from(std::span<const double>(xs), {m}), Tensor::from(std::span<const double>(ys), {m})).to_vector();
    }
    // Wide ranges (Rosenbrock) read better on a log scale of f − min.
    double low = *std::min_element(raster.values.begin(), raster.values.end());
    double high = *std::max_element(raster.values.begin(), raster.values.end());
    if (high - low > 1000) {
        for (auto& v : raster.values) v = std::log10(v - low + 1);
        panel.title += "  (colour: log10(f − min + 1))";
    }
    raster.rows = rows;
    raster.cols = kCols;
    raster.x_min = function.x_min, raster.x_max = function.x_max, raster.y_min = function.y_min, raster.y_max = function.y_max;
    raster.colormap = ColorMap::viridis;
    raster.smooth = true;
    raster.show_colorbar = true;
    raster.alpha = 0.85;
    panel.background = raster;

    static const std::array<Color, 6> kPathColors{Color{1, 1, 1, 1}, palette(1), palette(3), palette(6), palette(9), palette(8)};
    for (std::size_t i = 0; i < learning_rates.size(); ++i) {
        double eta = learning_rates[i];
        auto path = gradient_descent(function, start, eta, steps);
        Series s;
        s.color = kPathColors[i % kPathColors.size()];
        s.marker = Marker::circle;
        s.marker_size = 3;
        s.line_width = 1.5;
        for (const auto& p : path) {
            s.x.push_back(p[0]);
            s.y.push_back(p[1]);
        }
        const auto& last = path.back();
        if (std::isfinite(last[0]) && std::isfinite(last[1]) && std::abs(last[0]) < 1e6 && std::abs(last[1]) < 1e6) {
            double f_last = value_at(function, last[0], last[1]);
            s.label = fmt::format("η = {:g}: f = {:.4g} after {} steps{}", eta, f_last, steps,
                                  f_last > value_at(function, start[0], start[1]) ? " (diverges)" : "");
        } else
            s.label = fmt::format("η = {:g}: diverges", eta);
        panel.series.push_back(s);
    }
    figure.panels.push_back(panel);
    return figure;
}

}  // namespace axon::plot
