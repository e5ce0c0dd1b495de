// Initialisers: fans and gains as torch.nn.init, statistics on large tensors, reproducibility from a seed.
#include <cmath>

#include <gtest/gtest.h>

#include "axon/axon.hpp"
#include "axon/init.hpp"

namespace axon {
namespace {

struct Stats {
    double mean = 0, std = 0, min = INFINITY, max = -INFINITY;
};

Stats stats_of(const Tensor& t) {
    Stats s;
    const auto v = t.to_vector();
    for (double x : v) {
        s.mean += x;
        s.min = std::min(s.min, x);
        s.max = std::max(s.max, x);
    }
    s.mean /= static_cast<double>(v.size());
    for (double x : v) s.std += (x - s.mean) * (x - s.mean);
    s.std = std::sqrt(s.std / static_cast<double>(v.size() - 1));
    return s;
}

// Checks mean and std of n samples against a distribution's, within 5 standard errors.
void expect_moments(const Tensor& t, double mean, double stddev, const char* what) {
    const Stats s = stats_of(t);
    const double n = static_cast<double>(t.numel());
    EXPECT_NEAR(s.mean, mean, 5 * stddev / std::sqrt(n)) << what;
    // The standard error of the sample std is about σ/√(2n) (normal) and smaller for uniform.
    EXPECT_NEAR(s.std, stddev, 5 * stddev / std::sqrt(2 * n)) << what;
}

TEST(Init, FansAreComputedAsPyTorchDoes) {
    const init::Fans linear = init::compute_fans({256, 784});  // Linear(784 → 256) weight (O, D)
    EXPECT_EQ(linear.fan_in, 784);
    EXPECT_EQ(linear.fan_out, 256);
    const init::Fans conv = init::compute_fans({16, 3, 5, 5});  // (O, C, K, K)
    EXPECT_EQ(conv.fan_in, 3 * 25);
    EXPECT_EQ(conv.fan_out, 16 * 25);
    EXPECT_THROW(init::compute_fans({10}), ShapeError);
    Tensor bias = Tensor::zeros({10});
    try {
        init::xavier_uniform_(bias);
        FAIL() << "expected ShapeError";
    } catch (const ShapeError& e) {
        EXPECT_EQ(std::string(e.what()),
                  "init::xavier_uniform_: fan in and fan out need at least 2 dimensions (shape (10,))");
    }
}

TEST(Init, GainsAreTorchCalculateGain) {
    using init::Nonlinearity;
    EXPECT_EQ(init::calculate_gain(Nonlinearity::linear), 1.0);
    EXPECT_EQ(init::calculate_gain(Nonlinearity::sigmoid), 1.0);
    EXPECT_DOUBLE_EQ(init::calculate_gain(Nonlinearity::tanh), 5.0 / 3.0);
    EXPECT_DOUBLE_EQ(init::calculate_gain(Nonlinearity::relu), std::sqrt(2.0));
    EXPECT_DOUBLE_EQ(init::calculate_gain(Nonlinearity::leaky_relu), std::sqrt(2.0 / (1 + 0.01 * 0.01)));
    EXPECT_DOUBLE_EQ(init::calculate_gain(Nonlinearity::leaky_relu, 0.2), std::sqrt(2.0 / 1.04));
    EXPECT_EQ(init::calculate_gain(Nonlinearity::selu), 0.75);
    EXPECT_EQ(init::nonlinearity_from_name("relu"), Nonlinearity::relu);
    EXPECT_EQ(init::nonlinearity_from_name("identity"), Nonlinearity::linear);
    EXPECT_THROW(init::nonlinearity_from_name("softsign"), ConfigError);
}

TEST(Init, ConstantsFillInPlaceWithoutRecordingAGraph) {
    Tensor w = Tensor::full({3, 2}, 7.0).requires_grad_();
    Tensor same = init::zeros_(w);
    EXPECT_TRUE(same.same_as(w));
    EXPECT_EQ(w.to_vector(), std::vector<double>(6, 0.0));
    init::constant_(w, 0.25);
    EXPECT_EQ(w.to_vector(), std::vector<double>(6, 0.25));
    init::ones_(w);
    EXPECT_EQ(w.to_vector(), std::vector<double>(6, 1.0));
    init::normal_(w, 0, 1, default_generator());
    EXPECT_EQ(w.grad_fn(), nullptr);  // still a leaf
    EXPECT_TRUE(w.requires_grad());
}

TEST(Init, UniformAndNormalHaveTheirMomentsAndBounds) {
    Generator gen(1);
    Tensor u = init::uniform_(Tensor::empty({200000}, DType::f64), -2.0, 3.0, gen);
    const Stats su = stats_of(u);
    EXPECT_GE(su.min, -2.0);
    EXPECT_LT(su.max, 3.0);
    EXPECT_LT(su.min, -1.99);  // the whole range is used
    EXPECT_GT(su.max, 2.99);
    expect_moments(u, 0.5, 5.0 / std::sqrt(12.0), "uniform(-2, 3)");

    Tensor n = init::normal_(Tensor::empty({200000}, DType::f64), 1.5, 0.3, gen);
    expect_moments(n, 1.5, 0.3, "normal(1.5, 0.3)");
    EXPECT_THROW(init::normal_(n, 0, -1, gen), ConfigError);
    EXPECT_THROW(init::uniform_(n, 1, 0, gen), ConfigError);
}

TEST(Init, XavierAndKaimingScaleWithTheFans) {
    Generator gen(2);
    const std::int64_t O = 300, D = 500;
    // Xavier: std = gain·√(2 / (D + O)); uniform bound √3·std.
    const double xavier_std = std::sqrt(2.0 / (D + O));
    Tensor xu = init::xavier_uniform_(Tensor::empty({O, D}, DType::f64), 1.0, gen);
    EXPECT_LE(stats_of(xu).max, std::sqrt(3.0) * xavier_std);
    EXPECT_GT(stats_of(xu).max, 0.999 * std::sqrt(3.0) * xavier_std);
    expect_moments(xu, 0, xavier_std, "xavier_uniform");
    Tensor xn = init::xavier_normal_(Tensor::empty({O, D}, DType::f64), 5.0 / 3.0, gen);
    expect_moments(xn, 0, 5.0 / 3.0 * xavier_std, "xavier_normal tanh gain");

    // Kaiming defaults (a = 0, fan_in, leaky_relu): He, std = √2/√D.
    Tensor ku = init::kaiming_uniform_(Tensor::empty({O, D}, DType::f64), {}, gen);
    EXPECT_LE(stats_of(ku).max, std::sqrt(6.0 / D));
    EXPECT_GT(stats_of(ku).max, 0.999 * std::sqrt(6.0 / D));
    expect_moments(ku, 0, std::sqrt(2.0 / D), "kaiming_uniform fan_in");
    Tensor kn = init::kaiming_normal_(Tensor::empty({O, D}, DType::f64),
                                      {.mode = init::FanMode::fan_out, .nonlinearity = init::Nonlinearity::relu}, gen);
    expect_moments(kn, 0, std::sqrt(2.0 / O), "kaiming_normal fan_out relu");
    Tensor kt = init::kaiming_normal_(Tensor::empty({O, D}, DType::f64),
                                      {.nonlinearity = init::Nonlinearity::tanh}, gen);
    expect_moments(kt, 0, 5.0 / 3.0 / std::sqrt(double(D)), "kaiming_normal tanh");
}

TEST(Init, SameSeedGivesTheSameBitsAndFloat32IsTheRoundedFloat64) {
    Generator a(42), b(42), c(43), d(42);
    Tensor x = init::kaiming_normal_(Tensor::empty({20, 30}, DType::f64), {}, a);
    Tensor y = init::kaiming_normal_(Tensor::empty({20, 30}, DType::f64), {}, b);
    Tensor z = init::kaiming_normal_(Tensor::empty({20, 30}, DType::f64), {}, c);
    Tensor f = init::kaiming_normal_(Tensor::empty({20, 30}, DType::f32), {}, d);
    EXPECT_EQ(x.to_vector(), y.to_vector());
    EXPECT_NE(x.to_vector(), z.to_vector());
    for (std::int64_t k = 0; k < x.numel(); ++k) EXPECT_EQ(f.at(k), static_cast<double>(static_cast<float>(x.at(k))));
    // Without a generator the process-wide one is used; manual_seed makes that reproducible too.
    manual_seed(7);
    Tensor p = init::xavier_uniform_(Tensor::empty({4, 4}));
    manual_seed(7);
    Tensor q = init::xavier_uniform_(Tensor::empty({4, 4}));
    EXPECT_EQ(p.to_vector(), q.to_vector());
}

TEST(Init, LinearDefaultIsKaimingUniformWithASqrt5) {
    // PyTorch's Linear default; Linear computes the bound 1/√D directly, so allow the last bit.
    Generator g1(9), g2(9);
    Linear layer(50, 20, false, DType::f64, g1);
    Tensor w = init::kaiming_uniform_(Tensor::empty({20, 50}, DType::f64), {.a = std::sqrt(5.0)}, g2);
    for (std::int64_t k = 0; k < w.numel(); ++k) EXPECT_NEAR(w.at(k), layer.weight().at(k), 1e-15);
}

}  // namespace
}  // namespace axon
