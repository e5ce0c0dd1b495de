#include <gtest/gtest.h>

#include <cmath>

#include "axon/error.hpp"
#include "axon/io/synthetic.hpp"
#include "io/io_test_util.hpp"

namespace axon {
namespace {

using test::contains;
using test::message_of;

bool same_rows(const Dataset& a, const Dataset& b) {
    if (a.size() != b.size() || a.num_features() != b.num_features()) return false;
    if (a.features_tensor().to_vector() != b.features_tensor().to_vector()) return false;
    return a.targets_tensor().to_vector() == b.targets_tensor().to_vector();
}

TEST(Synthetic, FourPointsOfNote000) {
    Dataset d = four_points();
    EXPECT_EQ(d.size(), 4);
    EXPECT_EQ(d.num_classes(), 2);
    EXPECT_EQ(d.features_tensor().to_vector(), (std::vector<double>{2, 1, 0, -2, -2, 1, 0, 2}));
    EXPECT_EQ(std::vector<std::int32_t>(d.labels().begin(), d.labels().end()), (std::vector<std::int32_t>{1, 1, 0, 0}));
    // separable without a bias: w = (1, −1) puts class 1 on the positive side
    for (std::int64_t i = 0; i < 4; ++i)
        EXPECT_EQ(d.feature(i, 0) - d.feature(i, 1) > 0, d.labels()[static_cast<std::size_t>(i)] == 1);
}

TEST(Synthetic, XorTruthTableAndNoisyCopies) {
    Dataset d = xor_data();
    EXPECT_EQ(d.features_tensor().to_vector(), (std::vector<double>{0, 0, 0, 1, 1, 0, 1, 1}));
    EXPECT_EQ(std::vector<std::int32_t>(d.labels().begin(), d.labels().end()), (std::vector<std::int32_t>{0, 1, 1, 0}));
    Dataset noisy = xor_data(400, 0.1, 5);
    EXPECT_EQ(noisy.size(), 400);
    for (std::int64_t i = 0; i < 400; ++i) {
        // each point stays near its corner and carries the corner's XOR
        const float a = std::round(noisy.feature(i, 0)), b = std::round(noisy.feature(i, 1));
        EXPECT_EQ(noisy.labels()[static_cast<std::size_t>(i)], static_cast<std::int32_t>(a != b)) << i;
    }
    EXPECT_TRUE(same_rows(noisy, xor_data(400, 0.1, 5)));
    EXPECT_FALSE(same_rows(noisy, xor_data(400, 0.1, 6)));
}

TEST(Synthetic, GaussianMixtureSizesBalanceAndReproducibility) {
    Dataset d = gaussian_mixture();
    EXPECT_EQ(d.size(), 200);
    EXPECT_EQ(d.num_features(), 2);
    EXPECT_EQ(d.num_classes(), 2);
    std::int64_t ones = 0;
    for (auto y : d.labels()) ones += y;
    EXPECT_EQ(ones, 100);
    EXPECT_TRUE(same_rows(d, gaussian_mixture(200, GaussianMixture::kDefaultStddev, 0)));
    EXPECT_FALSE(same_rows(d, gaussian_mixture(200, GaussianMixture::kDefaultStddev, 1)));
    // class means follow the construction: class 0 centred near (1, 0), class 1 near (0, 1)
    Dataset big = gaussian_mixture(20000, GaussianMixture::kDefaultStddev, 9);
    double m[2][2] = {};
    for (std::int64_t i = 0; i < big.size(); ++i)
        for (int j = 0; j < 2; ++j) m[big.labels()[static_cast<std::size_t>(i)]][j] += big.feature(i, j) / 10000.0;
    EXPECT_GT(m[0][0], m[1][0]);
    EXPECT_LT(m[0][1], m[1][1]);
}

TEST(Synthetic, GaussianMixtureBayesAccuracy) {
    const GaussianMixture mix = GaussianMixture::course();
    const double bayes = mix.bayes_accuracy();
    // Overlapping classes: the Bayes classifier is good but far from perfect (ESL's mixture has ≈ 0.79).
    EXPECT_GT(bayes, 0.70);
    EXPECT_LT(bayes, 0.95);
    // The quadrature agrees with the Bayes classifier's accuracy on a large sample (binomial sd ≈ 0.002).
    Dataset big = mix.sample(40000, 123);
    EXPECT_NEAR(mix.bayes_accuracy_on(big), bayes, 0.01);
    // Densities integrate to 1 (checked on a coarse grid).
    double mass = 0;
    for (double x1 = -6; x1 < 7; x1 += 0.05)
        for (double x2 = -6; x2 < 7; x2 += 0.05) mass += mix.density(1, x1 + 0.025, x2 + 0.025) * 0.0025;
    EXPECT_NEAR(mass, 1.0, 1e-3);
    // More spread components overlap more.
    EXPECT_LT(GaussianMixture::course(1.0).bayes_accuracy(), bayes);
    // A classifier can do no better than Bayes on the distribution: a linear rule x2 > x1 does worse.
    std::int64_t linear_correct = 0;
    for (std::int64_t i = 0; i < big.size(); ++i)
        linear_correct += (big.feature(i, 1) > big.feature(i, 0)) == (big.labels()[static_cast<std::size_t>(i)] == 1);
    EXPECT_LT(static_cast<double>(linear_correct) / 40000.0, bayes);
}

TEST(Synthetic, SpiralsStayOnTheirArms) {
    Dataset d = spirals(300, 0.0, 4);
    EXPECT_EQ(d.size(), 300);
    EXPECT_EQ(d.num_classes(), 2);
    for (std::int64_t i = 0; i < d.size(); ++i) {
        const double x = d.feature(i, 0), y = d.feature(i, 1);
        const double r = std::hypot(x, y);
        EXPECT_GE(r, 0.1 - 1e-6);
        EXPECT_LE(r, 1.0 + 1e-6);
        // on arm c: the angle is 3π·t + π·c with t = (r − 0.1) / 0.9
        const double t = (r - 0.1) / 0.9;
        const double theta = 3.0 * M_PI * t + M_PI * d.labels()[static_cast<std::size_t>(i)];
        EXPECT_NEAR(x, r * std::cos(theta), 1e-4);
        EXPECT_NEAR(y, r * std::sin(theta), 1e-4);
    }
    EXPECT_TRUE(same_rows(spirals(50, 0.1, 2), spirals(50, 0.1, 2)));
}

TEST(Synthetic, RandomLabelsAreIndependentOfInputs) {
    Dataset d = random_data(2000, 10, 2, 3);
    EXPECT_EQ(d.size(), 2000);
    EXPECT_EQ(d.num_features(), 10);
    EXPECT_EQ(d.num_classes(), 2);
    // balanced labels, and no feature correlates with the label
    double ones = 0;
    for (auto y : d.labels()) ones += y;
    EXPECT_NEAR(ones / 2000.0, 0.5, 0.05);
    for (std::int64_t j = 0; j < 10; ++j) {
        double diff = 0;
        for (std::int64_t i = 0; i < 2000; ++i) diff += d.feature(i, j) * (d.labels()[static_cast<std::size_t>(i)] ? 1 : -1);
        EXPECT_LT(std::abs(diff / 2000.0), 0.1) << "feature " << j;  // sd of this mean ≈ 0.022
    }
    Dataset r = random_regression(100, 3, 1);
    EXPECT_EQ(r.task(), Task::regression);
    EXPECT_EQ(r.num_features(), 3);
    EXPECT_TRUE(same_rows(d, random_data(2000, 10, 2, 3)));
}

TEST(Synthetic, StructuredDataIsFunctionPlusNoiseOfChosenStd) {
    for (double noise : {0.0, 0.3}) {
        Dataset d = structured_data(5000, noise, 2, 7);
        EXPECT_EQ(d.task(), Task::regression);
        EXPECT_EQ(d.num_features(), 2);
        double sum = 0, sq = 0;
        for (std::int64_t i = 0; i < d.size(); ++i) {
            const float x[2] = {d.feature(i, 0), d.feature(i, 1)};
            const double e = d.targets()[static_cast<std::size_t>(i)] - structured_function(x);
            sum += e;
            sq += e * e;
        }
        const double sd = std::sqrt(sq / 5000.0 - (sum / 5000.0) * (sum / 5000.0));
        EXPECT_NEAR(sd, noise, 0.02 + 1e-6) << "noise " << noise;
    }
    Dataset c = structured_classes(1000, 0.0, 1, 2);
    for (std::int64_t i = 0; i < c.size(); ++i)
        EXPECT_EQ(c.labels()[static_cast<std::size_t>(i)], std::sin(2.0 * c.feature(i, 0)) > 0 ? 1 : 0);
}

TEST(Synthetic, LinearModelRecoversW0ByLeastSquares) {
    LinearModel model;
    Dataset d = model.sample(20000, 11);
    EXPECT_EQ(d.num_features(), 2);
    EXPECT_EQ(d.num_targets(), 1);
    // Normal equations (XᵀX) w = Xᵀy in 2-D; also the sample covariance matches Σ.
    double a = 0, b = 0, c = 0, u = 0, v = 0;
    for (std::int64_t i = 0; i < d.size(); ++i) {
        const double x1 = d.feature(i, 0), x2 = d.feature(i, 1), y = d.targets()[static_cast<std::size_t>(i)];
        a += x1 * x1, b += x1 * x2, c += x2 * x2, u += x1 * y, v += x2 * y;
    }
    const double det = a * c - b * b;
    EXPECT_NEAR((c * u - b * v) / det, 2.0, 0.02);
    EXPECT_NEAR((a * v - b * u) / det, -1.0, 0.02);
    EXPECT_NEAR(a / 20000, 1.0, 0.05);
    EXPECT_NEAR(b / 20000, 0.5, 0.05);
    EXPECT_NEAR(c / 20000, 0.5, 0.05);
    EXPECT_DOUBLE_EQ(model.excess_risk({2.0, -1.0}), 0.0);
    EXPECT_DOUBLE_EQ(model.excess_risk({3.0, -1.0}), 1.0);  // e1ᵀ Σ e1
}

TEST(Synthetic, RegistryByNameWithDefaults) {
    for (const auto& name : synthetic_names()) {
        Dataset d = make_synthetic(name, 0, -1.0, 1);
        EXPECT_GT(d.size(), 0) << name;
        EXPECT_TRUE(same_rows(d, make_synthetic(name, 0, -1.0, 1))) << name;
    }
    EXPECT_EQ(make_synthetic("four_points").size(), 4);
    EXPECT_EQ(make_synthetic("xor").size(), 4);
    EXPECT_EQ(make_synthetic("gaussian_mixture").size(), 200);
    EXPECT_EQ(make_synthetic("gaussian_mixture", 50, 0.3, 2).size(), 50);
    EXPECT_EQ(make_synthetic("linear").size(), 1000);
    EXPECT_EQ(make_synthetic("linear").task(), Task::regression);
    EXPECT_EQ(make_synthetic("structured").task(), Task::regression);
    EXPECT_EQ(make_synthetic("random").num_features(), 10);
    const auto msg = message_of<ConfigError>([] { make_synthetic("moons"); });
    EXPECT_TRUE(contains(msg, "make_synthetic: unknown data set 'moons' (known: four_points, xor, gaussian_mixture, spirals"));
    EXPECT_TRUE(contains(message_of<ConfigError>([] { xor_data(4, -0.5); }), "noise must be a finite number >= 0 (got -0.5)"));
}

}  // namespace
}  // namespace axon
