// Helpers shared by the course's exercises: figures, rasters, contours, decision regions, norms.
#include "course/common.hpp"

#include <algorithm>
#include <array>
#include <limits>

#include "axon/ops/reduce.hpp"

namespace axon::course {

void save_figure(const plot::Figure& figure, const CourseOptions& options, const std::string& stem,
                 CourseResult& result) {
    if (options.out_dir.empty()) return;
    std::filesystem::create_directories(options.out_dir);
    for (auto& path : plot::save_png_and_svg(figure, options.out_dir / stem)) result.files.push_back(path);
}

plot::Series line(std::string label, std::vector<double> x, std::vector<double> y, plot::Color color,
                  plot::LineStyle style) {
    plot::Series s;
    s.label = std::move(label);
    s.x = std::move(x);
    s.y = std::move(y);
    s.color = color;
    s.line = style;
    return s;
}

std::vector<double> counting(std::size_t n, double first) {
    std::vector<double> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = first + static_cast<double>(i);
    return v;
}

plot::Series class_points(const Dataset& data, double marker_size) {
    plot::Series s;
    s.line = plot::LineStyle::none;
    s.marker = plot::Marker::circle;
    s.marker_size = marker_size;
    for (std::int64_t i = 0; i < data.size(); ++i) {
        s.x.push_back(data.feature(i, 0));
        s.y.push_back(data.feature(i, 1));
        s.point_colors.push_back(plot::palette(static_cast<std::size_t>(data.labels()[static_cast<std::size_t>(i)])));
    }
    return s;
}

plot::Raster function_raster(const std::function<double(double, double)>& f, double x_min, double x_max,
                             double y_min, double y_max, std::int64_t rows, std::int64_t cols) {
    plot::Raster r;
    r.rows = rows;
    r.cols = cols;
    r.x_min = x_min;
    r.x_max = x_max;
    r.y_min = y_min;
    r.y_max = y_max;
    r.smooth = true;
    r.values.resize(static_cast<std::size_t>(rows * cols));
    for (std::int64_t i = 0; i < rows; ++i) {
        const double y = y_max - (static_cast<double>(i) + 0.5) * (y_max - y_min) / static_cast<double>(rows);
        for (std::int64_t j = 0; j < cols; ++j) {
            const double x = x_min + (static_cast<double>(j) + 0.5) * (x_max - x_min) / static_cast<double>(cols);
            r.values[static_cast<std::size_t>(i * cols + j)] = f(x, y);
        }
    }
    return r;
}

// Marching squares: each grid cell whose corners straddle the level contributes one or two segments,
// with end points interpolated linearly along the cell's edges.
plot::Series contour(const std::function<double(double, double)>& f, double level, double x_min, double x_max,
                     double y_min, double y_max, plot::Color color, std::string label, std::int64_t n) {
    plot::Series s;
    s.label = std::move(label);
    s.color = color;
    s.line_width = 1.5;
    const double dx = (x_max - x_min) / static_cast<double>(n), dy = (y_max - y_min) / static_cast<double>(n);
    std::vector<double> v(static_cast<std::size_t>((n + 1) * (n + 1)));
    auto at = [&](std::int64_t i, std::int64_t j) -> double& { return v[static_cast<std::size_t>(i * (n + 1) + j)]; };
    for (std::int64_t i = 0; i <= n; ++i)
        for (std::int64_t j = 0; j <= n; ++j) at(i, j) = f(x_min + static_cast<double>(j) * dx, y_min + static_cast<double>(i) * dy) - level;
    for (std::int64_t i = 0; i < n; ++i) {
        for (std::int64_t j = 0; j < n; ++j) {
            // corners counter-clockwise from bottom-left, and the 4 edges between them
            const std::array<double, 4> c{at(i, j), at(i, j + 1), at(i + 1, j + 1), at(i + 1, j)};
            const std::array<std::array<double, 2>, 4> p{{{0, 0}, {1, 0}, {1, 1}, {0, 1}}};
            std::vector<std::array<double, 2>> crossings;
            for (int e = 0; e < 4; ++e) {
                const double a = c[static_cast<std::size_t>(e)], b = c[static_cast<std::size_t>((e + 1) % 4)];
                if ((a < 0) == (b < 0)) continue;
                const double t = a / (a - b);
                const auto& pa = p[static_cast<std::size_t>(e)];
                const auto& pb = p[static_cast<std::size_t>((e + 1) % 4)];
                crossings.push_back({x_min + (static_cast<double>(j) + pa[0] + t * (pb[0] - pa[0])) * dx,
                                     y_min + (static_cast<double>(i) + pa[1] + t * (pb[1] - pa[1])) * dy});
            }
            for (std::size_t k = 0; k + 1 < crossings.size(); k += 2) {
                s.x.insert(s.x.end(), {crossings[k][0], crossings[k + 1][0], std::numeric_limits<double>::quiet_NaN()});
                s.y.insert(s.y.end(), {crossings[k][1], crossings[k + 1][1], std::numeric_limits<double>::quiet_NaN()});
            }
        }
    }
    return s;
}

std::vector<std::int32_t> predict_classes(Module& model, const Tensor& x) {
    NoGradGuard no_grad;
    const bool was_training = model.training();
    model.eval();
    auto parameters = model.parameters();
    const DType dtype = parameters.empty() ? DType::f32 : parameters.front().dtype();
    Tensor y = model(x.to(dtype)).to(DType::f64);
    model.train(was_training);
    const std::int64_t n = y.dim(0), c = y.numel() / n;
    const double* p = y.data<double>();
    std::vector<std::int32_t> classes(static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i)
        classes[static_cast<std::size_t>(i)] =
            c == 1 ? (p[i] > 0 ? 1 : 0)
                   : static_cast<std::int32_t>(std::max_element(p + i * c, p + (i + 1) * c) - (p + i * c));
    return classes;
}

plot::Raster decision_raster(Module& model, double x_min, double x_max, double y_min, double y_max,
                             std::int64_t rows, std::int64_t cols) {
    std::vector<float> grid;
    grid.reserve(static_cast<std::size_t>(2 * rows * cols));
    for (std::int64_t i = 0; i < rows; ++i) {
        const double y = y_max - (static_cast<double>(i) + 0.5) * (y_max - y_min) / static_cast<double>(rows);
        for (std::int64_t j = 0; j < cols; ++j) {
            grid.push_back(static_cast<float>(x_min + (static_cast<double>(j) + 0.5) * (x_max - x_min) / static_cast<double>(cols)));
            grid.push_back(static_cast<float>(y));
        }
    }
    auto classes = predict_classes(model, Tensor::from(std::span<const float>(grid), {rows * cols, 2}));
    plot::Raster r;
    r.rows = rows;
    r.cols = cols;
    r.x_min = x_min;
    r.x_max = x_max;
    r.y_min = y_min;
    r.y_max = y_max;
    r.colormap = plot::ColorMap::classes;
    r.alpha = 0.25;
    r.values.assign(classes.begin(), classes.end());
    return r;
}

double error_rate(Module& model, const Dataset& data) {
    auto classes = predict_classes(model, data.features_tensor());
    std::int64_t wrong = 0;
    for (std::size_t i = 0; i < classes.size(); ++i) wrong += classes[i] != data.labels()[i];
    return static_cast<double>(wrong) / static_cast<double>(data.size());
}

double norm(const Tensor& x) {
    double s = 0;
    for (double v : x.to_vector()) s += v * v;
    return std::sqrt(s);
}

double weight_norm(Module& model) {
    double s = 0;
    for (auto& w : model.weights()) {
        const double n = norm(w);
        s += n * n;
    }
    return std::sqrt(s);
}

TrainerConfig quiet_config(std::int64_t epochs, std::int64_t batch_size, LossKind loss, std::uint64_t seed) {
    TrainerConfig config;
    config.epochs = epochs;
    config.batch_size = batch_size;
    config.loss = loss;
    config.seed = seed;
    config.progress = false;
    return config;
}

}  // namespace axon::course
