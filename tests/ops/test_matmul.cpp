#include "support/gradcheck.hpp"

namespace axon {
namespace {

using test::gradcheck;
using test::uniform;

TEST(Matmul, HandValues) {
    Tensor a = Tensor::from({1, 2, 3, 4, 5, 6}, {2, 3});
    Tensor b = Tensor::from({1, 0, 0, 1, 1, 1}, {3, 2});
    EXPECT_EQ(ops::matmul(a, b).to_vector(), (std::vector<double>{4, 5, 10, 11}));
    EXPECT_EQ(ops::transpose(a).to_vector(), (std::vector<double>{1, 4, 2, 5, 3, 6}));
    // linear: x·wᵀ + b with w (O, D) = (2, 3)
    Tensor w = Tensor::from({1, 0, 0, 0, 1, 1}, {2, 3});
    Tensor bias = Tensor::from({0.5, -1}, {2});
    EXPECT_EQ(ops::linear(a, w, bias).to_vector(), (std::vector<double>{1.5, 4, 4.5, 10}));
}

TEST(Matmul, GradientsMatchCentralDifferences) {
    for (auto [n, d, o] : std::vector<std::array<std::int64_t, 3>>{{1, 1, 1}, {3, 4, 2}, {5, 2, 7}}) {
        auto a = uniform({n, d}, -1, 1, 1);
        auto b = uniform({d, o}, -1, 1, 2);
        auto w = uniform({o, d}, -1, 1, 3);
        auto bias = uniform({o}, -1, 1, 4);
        EXPECT_TRUE(gradcheck("matmul", [](const auto& in) { return ops::matmul(in[0], in[1]); }, {a, b}));
        EXPECT_TRUE(gradcheck("linear", [](const auto& in) { return ops::linear(in[0], in[1], in[2]); }, {a, w, bias}));
        EXPECT_TRUE(gradcheck("linear no bias", [](const auto& in) { return ops::linear(in[0], in[1]); }, {a, w}));
        EXPECT_TRUE(gradcheck("transpose", [](const auto& in) { return ops::transpose(in[0]); }, {a}));
    }
}

TEST(Matmul, SameMatrixOnBothSides) {
    auto a = uniform({3, 3}, -1, 1, 9);
    EXPECT_TRUE(gradcheck("a·a", [](const auto& in) { return ops::matmul(in[0], in[0]); }, {a}));
}

TEST(Matmul, ShapeErrorsNameTheShapes) {
    try {
        (void)ops::matmul(Tensor::zeros({2, 3}), Tensor::zeros({4, 5}));
        FAIL();
    } catch (const ShapeError& e) {
        EXPECT_STREQ(e.what(), "matmul: inner sizes differ (3 vs 4) for shapes (2, 3) and (4, 5)");
    }
    try {
        (void)ops::linear(Tensor::zeros({32, 784}), Tensor::zeros({10, 728}));
        FAIL();
    } catch (const ShapeError& e) {
        EXPECT_STREQ(e.what(),
                     "linear: input has 784 features, weight expects 728 (input shape (32, 784), weight shape (10, 728))");
    }
}

}  // namespace
}  // namespace axon
