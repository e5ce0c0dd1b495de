// Flatten: (N, d1, d2, ...) → (N, d1·d2·...), values in row-major order, gradients folded back.
#include "axon/layers/flatten.hpp"
#include "support/gradcheck.hpp"

namespace axon {
namespace {

TEST(Flatten, JoinsEveryAxisButTheBatchInRowMajorOrder) {
    Flatten flatten;
    Tensor x = test::uniform({2, 3, 4, 5}, -1.0, 1.0, 60);
    Tensor y = flatten(x);
    EXPECT_EQ(y.shape(), (Shape{2, 60}));
    EXPECT_EQ(y.to_vector(), x.to_vector());
    EXPECT_EQ(flatten(Tensor::zeros({7, 3})).shape(), (Shape{7, 3}));
    EXPECT_EQ(flatten(Tensor::zeros({7})).shape(), (Shape{7, 1}));
    EXPECT_EQ(flatten.describe(), "Flatten()");
    EXPECT_TRUE(flatten.named_parameters().empty());
}

TEST(Flatten, GradientMatchesCentralDifferences) {
    Flatten flatten;
    EXPECT_TRUE(test::gradcheck(
        "flatten", [&](const auto& in) { return flatten(in[0]); }, {test::uniform({3, 2, 4}, -1.0, 1.0, 61)}));
}

TEST(Flatten, FeedsALinearLayerAndIsTheSameInEval) {
    Generator generator(62);
    Sequential model;
    model.emplace<Flatten>().emplace<Linear>(12, 5, true, DType::f64, generator);
    Tensor x = test::uniform({2, 3, 4}, -1.0, 1.0, 63);
    Tensor y_train = model(x);
    EXPECT_EQ(y_train.shape(), (Shape{2, 5}));
    model.eval();
    EXPECT_EQ(model(x).to_vector(), y_train.to_vector());
}

TEST(Flatten, RejectsAScalar) {
    Flatten flatten;
    EXPECT_THROW((void)flatten(Tensor::scalar(1.0)), ShapeError);
}

}  // namespace
}  // namespace axon
