// Synthetic data sets of the course's exercises, every one seeded with axon::Generator so that a
// (name, n, noise, seed) gives the same rows bit for bit.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "axon/io/dataset.hpp"

namespace axon {

// Note 000's training set, 2 features, 2 classes, in this order:
//   (2, 1) → 1, (0, −2) → 1, (−2, 1) → 0, (0, 2) → 0.
// Separable without a bias (e.g. w = (1, −1)); the logistic cost can go to 0 only as ‖w‖ → ∞.
Dataset four_points();

// XOR: row i is the corner i mod 4 of (0,0)→0, (0,1)→1, (1,0)→1, (1,1)→0, plus N(0, noise²) on each
// coordinate. n = 4, noise = 0 is the plain truth table. Throws ConfigError for n < 1 or noise < 0.
Dataset xor_data(std::int64_t n = 4, double noise = 0.0, std::uint64_t seed = 0);

// Note 003's toy set: 2 classes in 2-D, each an equal-weight mixture of 10 Gaussians N(m_k, σ²·I).
// The 20 means are the construction of Hastie, Tibshirani & Friedman (ESL §2.3.3): drawn once from
// N((1, 0), I) for class 0 and N((0, 1), I) for class 1 (numpy default_rng(3)), then fixed here, so that
// training and test sets drawn with different seeds come from one distribution. σ² = 1/5 by default.
// Classes have equal priors; row i has class i mod 2 (any prefix is balanced).
struct GaussianMixture {
    using Point = std::array<double, 2>;
    static constexpr double kDefaultStddev = 0.44721359549995793;  // √(1/5)

    std::array<std::vector<Point>, 2> means;  // means[c][k]
    double stddev = kDefaultStddev;           // σ of every component, on each axis

    // The course's mixture with the fixed means above.
    static GaussianMixture course(double stddev = kDefaultStddev);

    // n rows (N, 2) with labels in {0, 1}. Throws ConfigError for n < 1.
    Dataset sample(std::int64_t n, std::uint64_t seed) const;
    // The class-conditional density p(x | c).
    double density(int c, double x1, double x2) const;
    // The Bayes-optimal classifier: argmax_c p(x | c) (equal priors); ties go to class 0.
    std::int32_t bayes_predict(double x1, double x2) const;
    // Its accuracy on the distribution, P(correct) = ½ ∫ max(p(x|0), p(x|1)) dx, integrated on a grid of
    // step σ/20 over the means ± 8σ (the error of the quadrature is far below 1e-4).
    double bayes_accuracy() const;
    // The fraction of rows of `data` (N, 2) that bayes_predict labels correctly.
    double bayes_accuracy_on(const Dataset& data) const;
};
// GaussianMixture::course(noise).sample(n, seed): 200 points in the course.
Dataset gaussian_mixture(std::int64_t n = 200, double stddev = GaussianMixture::kDefaultStddev, std::uint64_t seed = 0);

// Two interleaved spirals, n points, 2 classes, 1.5 turns each: for t ~ U[0, 1), r = 0.1 + 0.9·t,
// θ = 3π·t + π·c, x = r·(cos θ, sin θ) + N(0, noise²·I). Class c = i mod 2.
Dataset spirals(std::int64_t n = 200, double noise = 0.05, std::uint64_t seed = 0);

// Note 004's random data: x ~ N(0, I) in D dimensions, labels uniform in [0, C) and independent of x.
// Nothing generalises: test accuracy stays at chance (1/C) whatever the training accuracy.
Dataset random_data(std::int64_t n = 200, std::int64_t num_features = 10, std::int64_t num_classes = 2,
                    std::uint64_t seed = 0);
// The regression form: x ~ U[−2, 2]^D and a target y ~ N(0, 1) independent of x.
Dataset random_regression(std::int64_t n = 200, std::int64_t num_features = 1, std::uint64_t seed = 0);

// Note 004's structured data: x ~ U[−2, 2]^D, y = f(x) + N(0, noise²) with f = structured_function.
// Regression with one target.
Dataset structured_data(std::int64_t n = 200, double noise = 0.1, std::int64_t num_features = 1,
                        std::uint64_t seed = 0);
// f(x) = (1/D) Σ_j sin(2·x_j): smooth, not linear, values in [−1, 1].
double structured_function(std::span<const float> x);
// The same inputs as classes: label = 1 when f(x) + N(0, noise²) > 0, else 0.
Dataset structured_classes(std::int64_t n = 200, double noise = 0.1, std::int64_t num_features = 1,
                           std::uint64_t seed = 0);

// Note 003's linear model Y = ⟨w0, X⟩ + ε with X ~ N(0, Σ), ε ~ N(0, σ²), p = 2:
//   w0 = (2, −1), Σ = [[1, 0.5], [0.5, 0.5]] (anisotropic, so the level sets of the risk are
//   tilted ellipses, as in the note's plots), σ = noise (default 0.5).
// The excess risk of w is E(Y − ⟨w, X⟩)² − σ² = (w − w0)ᵀ Σ (w − w0).
struct LinearModel {
    std::array<double, 2> w0{2.0, -1.0};
    std::array<std::array<double, 2>, 2> sigma{{{1.0, 0.5}, {0.5, 0.5}}};
    double noise = 0.5;

    Dataset sample(std::int64_t n, std::uint64_t seed) const;
    // (w − w0)ᵀ Σ (w − w0)
    double excess_risk(std::array<double, 2> w) const;
};
Dataset linear_model(std::int64_t n = 1000, double noise = 0.5, std::uint64_t seed = 0);

// The registry behind the CLI's `synthetic:NAME[:n=N,noise=S,seed=K]`. n ≤ 0 and noise < 0 pick the
// generator's default (shown in brackets):
//   four_points  (n and noise ignored: always the 4 points)   xor               (4, 0)
//   gaussian_mixture (200, √0.2: the component σ)             spirals           (200, 0.05)
//   random       (200, noise ignored; 10 features, 2 classes) random_regression (200, ignored; 1 feature)
//   structured   (200, 0.1; 1 feature, regression)            structured_classes (200, 0.1)
//   linear       (1000, 0.5: σ of ε)
// Throws ConfigError listing the names for an unknown one.
Dataset make_synthetic(const std::string& name, std::int64_t n = 0, double noise = -1.0, std::uint64_t seed = 0);
const std::vector<std::string>& synthetic_names();

}  // namespace axon
