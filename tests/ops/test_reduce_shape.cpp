#include "support/gradcheck.hpp"

namespace axon {
namespace {

using test::gradcheck;
using test::uniform;

TEST(Reduce, HandValues) {
    Tensor a = Tensor::from({1, 2, 3, 4, 5, 6}, {2, 3});
    EXPECT_EQ(ops::sum(a).item(), 21);
    EXPECT_EQ(ops::sum(a, 0).to_vector(), (std::vector<double>{5, 7, 9}));
    EXPECT_EQ(ops::sum(a, -1).to_vector(), (std::vector<double>{6, 15}));
    EXPECT_EQ(ops::sum(a, 1, true).shape(), (Shape{2, 1}));
    EXPECT_EQ(ops::mean(a).item(), 3.5);
    EXPECT_EQ(ops::mean(a, 0).to_vector(), (std::vector<double>{2.5, 3.5, 4.5}));
    EXPECT_EQ(ops::max(a, 1).to_vector(), (std::vector<double>{3, 6}));
}

TEST(Reduce, GradientsMatchCentralDifferences) {
    auto x = uniform({2, 3, 4}, -1, 1, 1);
    EXPECT_TRUE(gradcheck("sum", [](const auto& in) { return ops::sum(in[0]); }, {x}));
    EXPECT_TRUE(gradcheck("mean", [](const auto& in) { return ops::mean(in[0]); }, {x}));
    for (int axis : {0, 1, 2, -1}) {
        EXPECT_TRUE(gradcheck("sum axis", [axis](const auto& in) { return ops::sum(in[0], axis); }, {x}));
        EXPECT_TRUE(gradcheck("mean axis keepdim", [axis](const auto& in) { return ops::mean(in[0], axis, true); }, {x}));
    }
}

TEST(Shape, GradientsMatchCentralDifferences) {
    auto x = uniform({2, 3, 4}, -1, 1, 2);
    auto y = uniform({2, 2, 4}, -1, 1, 3);
    EXPECT_TRUE(gradcheck("reshape", [](const auto& in) { return ops::reshape(in[0], {4, -1}); }, {x}));
    EXPECT_TRUE(gradcheck("flatten", [](const auto& in) { return ops::flatten(in[0]); }, {x}));
    EXPECT_TRUE(gradcheck("concat", [](const auto& in) { return ops::concat({in[0], in[1], in[0]}, 1); }, {x, y}));
    EXPECT_TRUE(gradcheck("slice", [](const auto& in) { return ops::slice(in[0], 1, 1, 3); }, {x}));
    EXPECT_TRUE(gradcheck("slice last", [](const auto& in) { return ops::slice(in[0], -1, 0, 2); }, {x}));
}

TEST(Shape, HandValuesAndErrors) {
    Tensor a = Tensor::from({1, 2, 3, 4, 5, 6}, {2, 3});
    EXPECT_EQ(ops::slice(a, 1, 1, 3).to_vector(), (std::vector<double>{2, 3, 5, 6}));
    EXPECT_EQ(ops::concat({a, a}, 0).shape(), (Shape{4, 3}));
    EXPECT_EQ(ops::concat({a, a}, 1).to_vector(), (std::vector<double>{1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6}));
    EXPECT_THROW((void)ops::reshape(a, {4, 2}), ShapeError);
    EXPECT_THROW((void)ops::slice(a, 1, 2, 5), ShapeError);
    EXPECT_THROW((void)ops::concat({a, Tensor::zeros({3, 3})}, 1), ShapeError);
}

}  // namespace
}  // namespace axon
