// Dropout and its ops: a gradient check with a fixed mask, the PyTorch fixture, statistics of the
// random mask, and train/eval behaviour of both forms.
#include <cmath>
#include <limits>

#include <nlohmann/json.hpp>

#include "axon/layers/dropout.hpp"
#include "axon/ops/dropout.hpp"
#include "layers/reference.hpp"
#include "support/gradcheck.hpp"

namespace axon {
namespace {

using test::gradcheck;
using test::matches_reference;
using test::tensor_from_json;
using test::uniform;

TEST(MaskedScale, GradientMatchesCentralDifferencesWithAFixedMask) {
    Generator generator(41);
    Tensor x = uniform({5, 7}, -2.0, 2.0, 42);
    Tensor mask = ops::dropout_mask({5, 7}, 0.4, DType::f64, generator);
    ASSERT_GT(ops::sum(mask).item(), 5.0);
    ASSERT_LT(ops::sum(mask).item(), 30.0);
    EXPECT_TRUE(gradcheck(
        "masked_scale", [&](const auto& in) { return ops::masked_scale(in[0], mask, 1.0 / 0.6); }, {x}));
}

void check_masked_scale_against_pytorch(DType dtype, double tol) {
    const auto& ref = test::layers_reference().at("dropout");
    const double p = ref.at("p").get<double>();
    Tensor x = tensor_from_json(ref.at("x"), dtype).requires_grad_();
    Tensor mask = tensor_from_json(ref.at("mask"), dtype);
    Tensor y = ops::masked_scale(x, mask, 1.0 / (1.0 - p));
    ops::sum(y * tensor_from_json(ref.at("dy"), dtype)).backward();
    EXPECT_TRUE(matches_reference("dropout y", y, ref.at("y"), tol));
    EXPECT_TRUE(matches_reference("dropout dx", x.grad(), ref.at("dx"), tol));
}

TEST(MaskedScale, MatchesPyTorchFloat64) { check_masked_scale_against_pytorch(DType::f64, 1e-10); }
TEST(MaskedScale, MatchesPyTorchFloat32) { check_masked_scale_against_pytorch(DType::f32, 1e-5); }

TEST(MaskedScale, RejectsAMaskOfAnotherShapeOrDtype) {
    EXPECT_THROW((void)ops::masked_scale(Tensor::zeros({2, 3}), Tensor::ones({3, 2}), 2.0), ShapeError);
    EXPECT_THROW((void)ops::masked_scale(Tensor::zeros({2, 3}), Tensor::ones({2, 3}, DType::f64), 2.0), ShapeError);
}

TEST(Dropout, KeepsAbout1MinusPOfTheUnitsAndPreservesTheMean) {
    // n = 200 000 Bernoulli(0.7) draws: the kept fraction has sd √(0.21/n) ≈ 0.001; allow 5 sd.
    // With x = 1 the inverted output is 0 or 1/0.7: its mean has sd √(p/(1−p)/n) ≈ 0.0015.
    const double p = 0.3;
    const std::int64_t n = 200000;
    Generator generator(43);
    Dropout inverted(p, DropoutMode::inverted, generator);
    Tensor x = Tensor::ones({400, 500});
    Tensor y = inverted(x);
    const double kept = ops::sum(inverted.mask()).item() / static_cast<double>(n);
    EXPECT_NEAR(kept, 1.0 - p, 0.005);
    EXPECT_NEAR(ops::mean(y).item(), 1.0, 0.0075);
    for (std::int64_t i = 0; i < 1000; ++i)
        EXPECT_TRUE(y.at(i) == 0.0 || std::abs(y.at(i) - 1.0 / 0.7) < 1e-6) << i << ": " << y.at(i);

    Dropout classic(p, DropoutMode::classic, generator);
    Tensor yc = classic(x);
    EXPECT_NEAR(ops::mean(yc).item(), 1.0 - p, 0.005);  // E[x ⊙ h] = (1 − p)·x, what eval outputs
    classic.eval();
    EXPECT_NEAR(classic(x).at(0), 1.0 - p, 1e-7);
}

TEST(Dropout, TrainingOutputIsTheInputTimesTheMaskScaled) {
    Generator generator(44);
    Dropout inverted(0.25, DropoutMode::inverted, generator);
    Tensor x = uniform({6, 8}, -3.0, 3.0, 45).requires_grad_();
    Tensor y = inverted(x);
    const Tensor& mask = inverted.mask();
    ASSERT_TRUE(mask.defined());
    EXPECT_EQ(mask.dtype(), DType::f64);
    ops::sum(y).backward();
    for (std::int64_t i = 0; i < x.numel(); ++i) {
        EXPECT_TRUE(mask.at(i) == 0.0 || mask.at(i) == 1.0);
        EXPECT_NEAR(y.at(i), x.at(i) * mask.at(i) / 0.75, 1e-15);
        EXPECT_NEAR(x.grad().at(i), mask.at(i) / 0.75, 1e-15);  // dropped units pass no gradient
    }

    Dropout classic(0.25, DropoutMode::classic, generator);
    Tensor yc = classic(x);
    for (std::int64_t i = 0; i < x.numel(); ++i) EXPECT_EQ(yc.at(i), x.at(i) * classic.mask().at(i));
}

TEST(Dropout, TrainAndEvalDiffer) {
    Generator generator(46);
    Dropout dropout(0.5, DropoutMode::inverted, generator);
    Tensor x = uniform({10, 10}, 1.0, 2.0, 47);
    Tensor y_train = dropout(x);
    int zeros = 0;
    for (std::int64_t i = 0; i < x.numel(); ++i) zeros += y_train.at(i) == 0.0;
    EXPECT_GT(zeros, 20);
    dropout.eval();
    Tensor y_eval = dropout(x);
    EXPECT_EQ(y_eval.to_vector(), x.to_vector());  // inverted: the identity in evaluation
    // Each training forward draws a new mask; the same seed draws the same masks.
    dropout.train();
    Tensor second = dropout(x);
    EXPECT_NE(second.to_vector(), y_train.to_vector());
    Generator replay(46);
    Dropout again(0.5, DropoutMode::inverted, replay);
    EXPECT_EQ(again(x).to_vector(), y_train.to_vector());
}

TEST(Dropout, ZeroProbabilityIsTheIdentity) {
    Tensor x = uniform({4, 5}, -1.0, 1.0, 48);
    for (DropoutMode mode : {DropoutMode::inverted, DropoutMode::classic}) {
        Dropout dropout(0.0, mode);
        EXPECT_EQ(dropout(x).to_vector(), x.to_vector());
        dropout.eval();
        EXPECT_EQ(dropout(x).to_vector(), x.to_vector());
    }
    Generator generator(49);
    EXPECT_EQ(ops::dropout_mask({3, 3}, 0.0, DType::f32, generator).to_vector(), std::vector<double>(9, 1.0));
}

TEST(Dropout, RejectsProbabilitiesOutsideZeroToOne) {
    for (double p : {-0.1, 1.0, 1.5, std::numeric_limits<double>::quiet_NaN()}) {
        EXPECT_THROW(Dropout{p}, ConfigError) << p;
        Generator generator(50);
        EXPECT_THROW((void)ops::dropout_mask({2}, p, DType::f32, generator), ConfigError) << p;
    }
    try {
        Dropout bad(1.0);
        FAIL() << "expected ConfigError";
    } catch (const ConfigError& e) {
        EXPECT_STREQ(e.what(), "Dropout: drop probability p must be in [0, 1) (got 1)");
    }
}

TEST(Dropout, DescribesItselfAndHasNoState) {
    Dropout dropout(0.2, DropoutMode::classic);
    EXPECT_EQ(dropout.describe(), "Dropout(p=0.2, classic)");
    EXPECT_EQ(Dropout(0.5).describe(), "Dropout(p=0.5)");
    EXPECT_TRUE(dropout.named_parameters().empty());
    EXPECT_TRUE(dropout.named_buffers().empty());
}

}  // namespace
}  // namespace axon
