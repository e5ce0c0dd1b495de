#include "axon/io/synthetic.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "axon/error.hpp"

namespace axon {
namespace {

void check_n(std::int64_t n, const char* where) {
    if (n < 1) throw ConfigError(fmt::format("{}: n must be >= 1 (got {})", where, n));
}
void check_noise(double noise, const char* where) {
    if (!(noise >= 0.0) || !std::isfinite(noise))
        throw ConfigError(fmt::format("{}: noise must be a finite number >= 0 (got {})", where, noise));
}
void check_features(std::int64_t d, const char* where) {
    if (d < 1) throw ConfigError(fmt::format("{}: num_features must be >= 1 (got {})", where, d));
}
std::string seeded(const char* name, std::uint64_t seed) { return fmt::format("synthetic {} (seed {})", name, seed); }

}  // namespace

Dataset four_points() {
    return Dataset::classification({2, 1, 0, -2, -2, 1, 0, 2}, 2, {1, 1, 0, 0}, 2, "four points (note 000)");
}

Dataset xor_data(std::int64_t n, double noise, std::uint64_t seed) {
    check_n(n, "xor_data");
    check_noise(noise, "xor_data");
    static constexpr float kCorners[4][2] = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
    static constexpr std::int32_t kLabels[4] = {0, 1, 1, 0};
    Generator gen(seed);
    std::vector<float> x;
    std::vector<std::int32_t> y;
    for (std::int64_t i = 0; i < n; ++i) {
        const auto k = static_cast<std::size_t>(i % 4);
        for (float c : kCorners[k]) x.push_back(noise > 0 ? static_cast<float>(c + gen.normal(0.0, noise)) : c);
        y.push_back(kLabels[k]);
    }
    return Dataset::classification(std::move(x), 2, std::move(y), 2, seeded("xor", seed));
}

// ---- Gaussian mixture (note 003) ----

GaussianMixture GaussianMixture::course(double stddev) {
    if (!(stddev > 0.0) || !std::isfinite(stddev))
        throw ConfigError(fmt::format("GaussianMixture: stddev must be > 0 (got {})", stddev));
    GaussianMixture m;
    m.stddev = stddev;
    // numpy: rng = default_rng(3); rng.normal([1, 0], 1, (10, 2)); rng.normal([0, 1], 1, (10, 2)), rounded.
    m.means[0] = {{3.04, -2.56}, {1.42, -0.57}, {0.55, -0.22}, {-1.02, -0.23}, {0.13, 3.32},
                  {1.23, -0.35}, {0.72, -0.67}, {-0.06, -0.39}, {1.48, -0.24}, {1.96, -0.20}};
    m.means[1] = {{0.02, 2.55}, {0.55, 0.49}, {-0.18, 1.54}, {1.94, 0.73}, {-0.24, 2.00},
                  {-0.89, 0.71}, {0.88, 1.58}, {0.09, 1.67}, {-2.83, 2.02}, {-0.96, -0.67}};
    return m;
}

Dataset GaussianMixture::sample(std::int64_t n, std::uint64_t seed) const {
    check_n(n, "GaussianMixture::sample");
    Generator gen(seed);
    std::vector<float> x;
    std::vector<std::int32_t> y;
    x.reserve(static_cast<std::size_t>(2 * n));
    for (std::int64_t i = 0; i < n; ++i) {
        const auto c = static_cast<std::int32_t>(i % 2);
        const auto& centres = means[static_cast<std::size_t>(c)];
        const Point& m = centres[static_cast<std::size_t>(gen.below(centres.size()))];
        x.push_back(static_cast<float>(gen.normal(m[0], stddev)));
        x.push_back(static_cast<float>(gen.normal(m[1], stddev)));
        y.push_back(c);
    }
    return Dataset::classification(std::move(x), 2, std::move(y), 2, seeded("gaussian_mixture", seed));
}

double GaussianMixture::density(int c, double x1, double x2) const {
    const auto& centres = means.at(static_cast<std::size_t>(c));
    const double inv_var = 1.0 / (stddev * stddev);
    double sum = 0.0;
    for (const Point& m : centres) {
        const double d1 = x1 - m[0], d2 = x2 - m[1];
        sum += std::exp(-0.5 * (d1 * d1 + d2 * d2) * inv_var);
    }
    // each component: exp(−‖x − m‖² / 2σ²) / (2πσ²), weight 1/K
    return sum * inv_var / (2.0 * std::numbers::pi * static_cast<double>(centres.size()));
}

std::int32_t GaussianMixture::bayes_predict(double x1, double x2) const {
    return density(1, x1, x2) > density(0, x1, x2) ? 1 : 0;
}

double GaussianMixture::bayes_accuracy() const {
    double lo1 = INFINITY, hi1 = -INFINITY, lo2 = INFINITY, hi2 = -INFINITY;
    for (const auto& centres : means)
        for (const Point& m : centres) {
            lo1 = std::min(lo1, m[0]);
            hi1 = std::max(hi1, m[0]);
            lo2 = std::min(lo2, m[1]);
            hi2 = std::max(hi2, m[1]);
        }
    const double pad = 8.0 * stddev, h = stddev / 20.0;
    lo1 -= pad, hi1 += pad, lo2 -= pad, hi2 += pad;
    const auto n1 = static_cast<std::int64_t>(std::ceil((hi1 - lo1) / h));
    const auto n2 = static_cast<std::int64_t>(std::ceil((hi2 - lo2) / h));
    double sum = 0.0;
    for (std::int64_t i = 0; i < n1; ++i) {
        const double x1 = lo1 + (static_cast<double>(i) + 0.5) * h;  // midpoint rule
        for (std::int64_t j = 0; j < n2; ++j) {
            const double x2 = lo2 + (static_cast<double>(j) + 0.5) * h;
            sum += std::max(density(0, x1, x2), density(1, x1, x2));
        }
    }
    return 0.5 * sum * h * h;
}

double GaussianMixture::bayes_accuracy_on(const Dataset& data) const {
    if (data.num_features() != 2 || data.task() != Task::classification || data.empty())
        throw ShapeError(fmt::format("GaussianMixture::bayes_accuracy_on: expects a non-empty 2-feature classification "
                                     "set (got {})",
                                     data.description()));
    std::int64_t correct = 0;
    for (std::int64_t i = 0; i < data.size(); ++i)
        correct += bayes_predict(data.feature(i, 0), data.feature(i, 1)) == data.labels()[static_cast<std::size_t>(i)];
    return static_cast<double>(correct) / static_cast<double>(data.size());
}

Dataset gaussian_mixture(std::int64_t n, double stddev, std::uint64_t seed) {
    return GaussianMixture::course(stddev).sample(n, seed);
}

// ---- spirals ----

Dataset spirals(std::int64_t n, double noise, std::uint64_t seed) {
    check_n(n, "spirals");
    check_noise(noise, "spirals");
    Generator gen(seed);
    std::vector<float> x;
    std::vector<std::int32_t> y;
    for (std::int64_t i = 0; i < n; ++i) {
        const auto c = static_cast<std::int32_t>(i % 2);
        const double t = gen.uniform();
        const double r = 0.1 + 0.9 * t;
        const double theta = 3.0 * std::numbers::pi * t + std::numbers::pi * c;
        const double e1 = gen.normal(0.0, 1.0), e2 = gen.normal(0.0, 1.0);  // drawn even at noise 0: same stream
        x.push_back(static_cast<float>(r * std::cos(theta) + noise * e1));
        x.push_back(static_cast<float>(r * std::sin(theta) + noise * e2));
        y.push_back(c);
    }
    return Dataset::classification(std::move(x), 2, std::move(y), 2, seeded("spirals", seed));
}

// ---- note 004: random and structured data ----

Dataset random_data(std::int64_t n, std::int64_t num_features, std::int64_t num_classes, std::uint64_t seed) {
    check_n(n, "random_data");
    check_features(num_features, "random_data");
    if (num_classes < 2) throw ConfigError(fmt::format("random_data: num_classes must be >= 2 (got {})", num_classes));
    Generator gen(seed);
    std::vector<float> x;
    std::vector<std::int32_t> y;
    for (std::int64_t i = 0; i < n; ++i) {
        for (std::int64_t j = 0; j < num_features; ++j) x.push_back(static_cast<float>(gen.normal()));
        y.push_back(static_cast<std::int32_t>(gen.below(static_cast<std::uint64_t>(num_classes))));
    }
    return Dataset::classification(std::move(x), num_features, std::move(y), num_classes, seeded("random", seed));
}

Dataset random_regression(std::int64_t n, std::int64_t num_features, std::uint64_t seed) {
    check_n(n, "random_regression");
    check_features(num_features, "random_regression");
    Generator gen(seed);
    std::vector<float> x, y;
    for (std::int64_t i = 0; i < n; ++i) {
        for (std::int64_t j = 0; j < num_features; ++j) x.push_back(static_cast<float>(gen.uniform(-2.0, 2.0)));
        y.push_back(static_cast<float>(gen.normal()));
    }
    return Dataset::regression(std::move(x), num_features, std::move(y), 1, seeded("random_regression", seed));
}

double structured_function(std::span<const float> x) {
    double sum = 0.0;
    for (float v : x) sum += std::sin(2.0 * v);
    return x.empty() ? 0.0 : sum / static_cast<double>(x.size());
}

namespace {
// x ~ U[−2, 2]^D and f(x) + N(0, noise²), shared by the regression and the class form.
void structured_rows(std::int64_t n, double noise, std::int64_t d, std::uint64_t seed, std::vector<float>& x,
                     std::vector<double>& y) {
    Generator gen(seed);
    std::vector<float> row(static_cast<std::size_t>(d));
    for (std::int64_t i = 0; i < n; ++i) {
        for (auto& v : row) v = static_cast<float>(gen.uniform(-2.0, 2.0));
        x.insert(x.end(), row.begin(), row.end());
        y.push_back(structured_function(row) + noise * gen.normal());
    }
}
}  // namespace

Dataset structured_data(std::int64_t n, double noise, std::int64_t num_features, std::uint64_t seed) {
    check_n(n, "structured_data");
    check_noise(noise, "structured_data");
    check_features(num_features, "structured_data");
    std::vector<float> x;
    std::vector<double> y;
    structured_rows(n, noise, num_features, seed, x, y);
    std::vector<float> t;
    for (double v : y) t.push_back(static_cast<float>(v));
    return Dataset::regression(std::move(x), num_features, std::move(t), 1, seeded("structured", seed));
}

Dataset structured_classes(std::int64_t n, double noise, std::int64_t num_features, std::uint64_t seed) {
    check_n(n, "structured_classes");
    check_noise(noise, "structured_classes");
    check_features(num_features, "structured_classes");
    std::vector<float> x;
    std::vector<double> y;
    structured_rows(n, noise, num_features, seed, x, y);
    std::vector<std::int32_t> labels;
    for (double v : y) labels.push_back(v > 0.0 ? 1 : 0);
    return Dataset::classification(std::move(x), num_features, std::move(labels), 2, seeded("structured_classes", seed));
}

// ---- note 003's linear model ----

Dataset LinearModel::sample(std::int64_t n, std::uint64_t seed) const {
    check_n(n, "LinearModel::sample");
    check_noise(noise, "LinearModel::sample");
    // X = L·z with Σ = L·Lᵀ (Cholesky of the 2 × 2 matrix), z ~ N(0, I).
    const double l11 = std::sqrt(sigma[0][0]);
    const double l21 = sigma[1][0] / l11;
    const double l22_sq = sigma[1][1] - l21 * l21;
    if (!(sigma[0][0] > 0.0) || !(l22_sq > 0.0) || sigma[0][1] != sigma[1][0])
        throw ConfigError("LinearModel::sample: sigma must be symmetric positive definite");
    const double l22 = std::sqrt(l22_sq);
    Generator gen(seed);
    std::vector<float> x, y;
    for (std::int64_t i = 0; i < n; ++i) {
        const double z1 = gen.normal(), z2 = gen.normal();
        const double x1 = l11 * z1, x2 = l21 * z1 + l22 * z2;
        x.push_back(static_cast<float>(x1));
        x.push_back(static_cast<float>(x2));
        y.push_back(static_cast<float>(w0[0] * x1 + w0[1] * x2 + noise * gen.normal()));
    }
    return Dataset::regression(std::move(x), 2, std::move(y), 1, seeded("linear", seed));
}

double LinearModel::excess_risk(std::array<double, 2> w) const {
    const double d1 = w[0] - w0[0], d2 = w[1] - w0[1];
    return d1 * (sigma[0][0] * d1 + sigma[0][1] * d2) + d2 * (sigma[1][0] * d1 + sigma[1][1] * d2);
}

Dataset linear_model(std::int64_t n, double noise, std::uint64_t seed) {
    LinearModel m;
    m.noise = noise;
    return m.sample(n, seed);
}

// ---- registry ----

const std::vector<std::string>& synthetic_names() {
    static const std::vector<std::string> names = {"four_points", "xor",    "gaussian_mixture",   "spirals",
                                                   "random",      "random_regression", "structured",
                                                   "structured_classes", "linear"};
    return names;
}

Dataset make_synthetic(const std::string& name, std::int64_t n, double noise, std::uint64_t seed) {
    auto size = [n](std::int64_t fallback) { return n > 0 ? n : fallback; };
    auto sd = [noise](double fallback) { return noise >= 0.0 ? noise : fallback; };
    if (name == "four_points") return four_points();
    if (name == "xor") return xor_data(size(4), sd(0.0), seed);
    if (name == "gaussian_mixture") return gaussian_mixture(size(200), sd(GaussianMixture::kDefaultStddev), seed);
    if (name == "spirals") return spirals(size(200), sd(0.05), seed);
    if (name == "random") return random_data(size(200), 10, 2, seed);
    if (name == "random_regression") return random_regression(size(200), 1, seed);
    if (name == "structured") return structured_data(size(200), sd(0.1), 1, seed);
    if (name == "structured_classes") return structured_classes(size(200), sd(0.1), 1, seed);
    if (name == "linear") return linear_model(size(1000), sd(0.5), seed);
    std::string list;
    for (const auto& known : synthetic_names()) list += (list.empty() ? "" : ", ") + known;
    throw ConfigError(fmt::format("make_synthetic: unknown data set '{}' (known: {})", name, list));
}

}  // namespace axon
