#include "support/gradcheck.hpp"

namespace axon {
namespace {

using test::gradcheck;
using test::uniform;

TEST(Arithmetic, GradientsMatchCentralDifferencesWithBroadcasting) {
    // (N, O) with (O,), (N, 1), () and equal shapes: the bias-row and column cases of an MLP.
    const std::vector<std::pair<Shape, Shape>> cases = {
        {{3, 4}, {3, 4}}, {{3, 4}, {4}}, {{3, 4}, {3, 1}}, {{3, 4}, {}}, {{4}, {2, 3, 4}}, {{2, 1, 4}, {3, 1}}};
    unsigned seed = 1;
    for (const auto& [sa, sb] : cases) {
        auto a = uniform(sa, -2, 2, seed++);
        auto b = uniform(sb, 0.5, 2, seed++);  // positive: div stays away from 0
        EXPECT_TRUE(gradcheck("add", [](const auto& in) { return in[0] + in[1]; }, {a, b}));
        EXPECT_TRUE(gradcheck("sub", [](const auto& in) { return in[0] - in[1]; }, {a, b}));
        EXPECT_TRUE(gradcheck("mul", [](const auto& in) { return in[0] * in[1]; }, {a, b}));
        EXPECT_TRUE(gradcheck("div", [](const auto& in) { return in[0] / in[1]; }, {a, b}));
    }
}

TEST(Arithmetic, UnaryGradientsMatchCentralDifferences) {
    auto x = uniform({2, 5}, 0.3, 2.0, 3);
    EXPECT_TRUE(gradcheck("exp", [](const auto& in) { return ops::exp(in[0]); }, {x}));
    EXPECT_TRUE(gradcheck("log", [](const auto& in) { return ops::log(in[0]); }, {x}));
    EXPECT_TRUE(gradcheck("pow 3", [](const auto& in) { return ops::pow(in[0], 3.0); }, {x}));
    EXPECT_TRUE(gradcheck("pow -0.5", [](const auto& in) { return ops::pow(in[0], -0.5); }, {x}));
    EXPECT_TRUE(gradcheck("sqrt", [](const auto& in) { return ops::sqrt(in[0]); }, {x}));
    EXPECT_TRUE(gradcheck("neg", [](const auto& in) { return -in[0]; }, {x}));
    EXPECT_TRUE(gradcheck("scalar", [](const auto& in) { return 3.0 * in[0] + 1.5 - in[0] / 4.0; }, {x}));
    auto y = test::uniform_away_from_zero({3, 3}, -2, 2, 0.1, 4);
    EXPECT_TRUE(gradcheck("abs", [](const auto& in) { return ops::abs(in[0]); }, {y}));
}

TEST(Arithmetic, ValueUsedTwiceAccumulatesBothPaths) {
    // f(x) = x·x + x: both uses of x must add into one gradient, 2x + 1.
    auto x = uniform({4}, -1, 1, 5);
    EXPECT_TRUE(gradcheck("x*x+x", [](const auto& in) { return in[0] * in[0] + in[0]; }, {x}));
    Tensor leaf = x.clone().requires_grad_();
    ops::sum(leaf * leaf + leaf).backward();
    for (std::int64_t i = 0; i < 4; ++i) EXPECT_NEAR(leaf.grad().at(i), 2 * x.at(i) + 1, 1e-12);
}

TEST(Arithmetic, HandValues) {
    Tensor a = Tensor::from({1, 2, 3, 4, 5, 6}, {2, 3});
    Tensor b = Tensor::from({10, 20, 30}, {3});
    EXPECT_EQ((a + b).to_vector(), (std::vector<double>{11, 22, 33, 14, 25, 36}));
    EXPECT_EQ((a * b).to_vector(), (std::vector<double>{10, 40, 90, 40, 100, 180}));
    EXPECT_EQ((a - 1.0).to_vector(), (std::vector<double>{0, 1, 2, 3, 4, 5}));
}

TEST(Arithmetic, ShapeMismatchNamesOpAndShapes) {
    Tensor a = Tensor::zeros({2, 3});
    Tensor b = Tensor::zeros({4});
    try {
        (void)(a + b);
        FAIL() << "expected ShapeError";
    } catch (const ShapeError& e) {
        EXPECT_STREQ(e.what(), "add: shapes (2, 3) and (4,) do not broadcast");
    }
    EXPECT_THROW((void)(a * Tensor::zeros({2, 3}, DType::f64)), ShapeError);
}

}  // namespace
}  // namespace axon
