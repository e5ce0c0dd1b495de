// BatchNorm1d and the fused ops::batch_norm: gradient checks, the fused backward against the same
// formula composed from elementwise ops, PyTorch fixtures, and train/eval behaviour.
#include <nlohmann/json.hpp>

#include "axon/layers/batch_norm.hpp"
#include "axon/ops/batch_norm.hpp"
#include "layers/reference.hpp"
#include "support/gradcheck.hpp"

namespace axon {
namespace {

using test::gradcheck;
using test::matches_reference;
using test::tensor_from_json;
using test::uniform;

// The same forward from differentiable ops, so autograd derives its backward: the check of the fused one.
Tensor composed_batch_norm(const Tensor& x, const Tensor& weight, const Tensor& bias, double eps) {
    Tensor mu = ops::mean(x, 0, /*keepdim=*/true);
    Tensor centred = x - mu;
    Tensor var = ops::mean(ops::pow(centred, 2.0), 0, /*keepdim=*/true);
    return centred / ops::sqrt(var + eps) * weight + bias;
}

TEST(BatchNormOp, GradientsMatchCentralDifferences) {
    unsigned seed = 10;
    for (const Shape& shape : {Shape{4, 3}, Shape{17, 5}}) {
        const std::int64_t c = shape[1];
        auto x = uniform(shape, -2.0, 3.0, seed++);
        auto weight = uniform({c}, 0.5, 1.5, seed++);
        auto bias = uniform({c}, -1.0, 1.0, seed++);
        EXPECT_TRUE(gradcheck(
            "batch_norm " + shape_str(shape), [](const auto& in) { return ops::batch_norm(in[0], in[1], in[2]); },
            {x, weight, bias}));
    }
}

TEST(BatchNormOp, FusedBackwardEqualsComposedBackward) {
    unsigned seed = 20;
    for (const Shape& shape : {Shape{4, 3}, Shape{17, 5}, Shape{64, 7}}) {
        const std::int64_t c = shape[1];
        Tensor x = uniform(shape, -3.0, 5.0, seed++);
        Tensor weight = uniform({c}, 0.5, 1.5, seed++);
        Tensor bias = uniform({c}, -1.0, 1.0, seed++);
        Tensor dy = uniform(shape, -1.0, 1.0, seed++);
        std::vector<Tensor> grads[2];
        Tensor outputs[2];
        for (int fused = 0; fused < 2; ++fused) {
            Tensor xl = x.clone().requires_grad_(), wl = weight.clone().requires_grad_(),
                   bl = bias.clone().requires_grad_();
            Tensor y = fused ? ops::batch_norm(xl, wl, bl, 1e-5) : composed_batch_norm(xl, wl, bl, 1e-5);
            ops::sum(y * dy).backward();
            outputs[fused] = y.detach();
            grads[fused] = {xl.grad(), wl.grad(), bl.grad()};
        }
        for (std::int64_t i = 0; i < x.numel(); ++i) EXPECT_NEAR(outputs[1].at(i), outputs[0].at(i), 1e-12);
        for (std::size_t k = 0; k < 3; ++k)
            for (std::int64_t i = 0; i < grads[0][k].numel(); ++i)
                EXPECT_NEAR(grads[1][k].at(i), grads[0][k].at(i), 1e-12)
                    << "input " << k << " of shape " << shape_str(shape) << " index " << i;
    }
}

TEST(BatchNormOp, ReportsBatchStatisticsAndNormalises) {
    // Channel 0: 1, 2, 3, 6 → μ = 3, σ² = (4 + 1 + 0 + 9)/4 = 3.5 (biased).
    Tensor x = Tensor::from({1, 10, 2, 20, 3, 30, 6, 60}, {4, 2}, DType::f64);
    ops::BatchNormStats stats;
    Tensor y = ops::batch_norm(x, Tensor::ones({2}, DType::f64), Tensor::zeros({2}, DType::f64), 1e-5, &stats);
    EXPECT_DOUBLE_EQ(stats.mean.at(0), 3.0);
    EXPECT_DOUBLE_EQ(stats.mean.at(1), 30.0);
    EXPECT_DOUBLE_EQ(stats.var.at(0), 3.5);
    EXPECT_DOUBLE_EQ(stats.var.at(1), 350.0);
    EXPECT_NEAR(y.at(0), (1.0 - 3.0) / std::sqrt(3.5 + 1e-5), 1e-14);
    EXPECT_NEAR(y.at(7), (60.0 - 30.0) / std::sqrt(350.0 + 1e-5), 1e-14);
}

TEST(BatchNormOp, RejectsBadShapes) {
    Tensor w = Tensor::ones({3}), b = Tensor::zeros({3});
    EXPECT_THROW((void)ops::batch_norm(Tensor::zeros({4, 2}), w, b), ShapeError);
    EXPECT_THROW((void)ops::batch_norm(Tensor::zeros({4, 3, 2}), w, b), ShapeError);
    EXPECT_THROW((void)ops::batch_norm(Tensor::zeros({1, 3}), w, b), ShapeError);
    EXPECT_THROW((void)ops::batch_norm(Tensor::zeros({4, 3}, DType::f64), w, b), ShapeError);
}

// ---- PyTorch fixtures ---------------------------------------------------------------------

void check_batch_norm_against_pytorch(DType dtype, double tol) {
    const auto& ref = test::layers_reference().at("batch_norm");
    const std::int64_t c = ref.at("x").at("shape")[1].get<std::int64_t>();
    BatchNorm1d bn(c, ref.at("eps").get<double>(), ref.at("momentum").get<double>(), dtype);
    bn.weight().copy_from(tensor_from_json(ref.at("weight"), dtype));
    bn.bias().copy_from(tensor_from_json(ref.at("bias"), dtype));

    Tensor x = tensor_from_json(ref.at("x"), dtype).requires_grad_();
    Tensor y = bn(x);
    ops::sum(y * tensor_from_json(ref.at("dy"), dtype)).backward();
    EXPECT_TRUE(matches_reference("train y", y, ref.at("y"), tol));
    EXPECT_TRUE(matches_reference("train dx", x.grad(), ref.at("dx"), tol));
    EXPECT_TRUE(matches_reference("train dweight", bn.weight().grad(), ref.at("dweight"), tol));
    EXPECT_TRUE(matches_reference("train dbias", bn.bias().grad(), ref.at("dbias"), tol));
    EXPECT_TRUE(matches_reference("running_mean after 1", bn.running_mean(), ref.at("running_mean_after_1"), tol));
    EXPECT_TRUE(matches_reference("running_var after 1", bn.running_var(), ref.at("running_var_after_1"), tol));

    {
        NoGradGuard no_grad;
        const auto& steps = ref.at("steps");
        for (std::size_t k = 1; k < steps.size(); ++k) (void)bn(tensor_from_json(steps[k], dtype));
    }
    EXPECT_TRUE(matches_reference("running_mean after 3", bn.running_mean(), ref.at("running_mean_after_3"), tol));
    EXPECT_TRUE(matches_reference("running_var after 3", bn.running_var(), ref.at("running_var_after_3"), tol));
    EXPECT_EQ(bn.num_batches_tracked(), ref.at("num_batches_tracked").get<std::int64_t>());

    bn.eval();
    bn.zero_grad();
    Tensor xe = tensor_from_json(ref.at("x_eval"), dtype).requires_grad_();
    Tensor ye = bn(xe);
    ops::sum(ye * tensor_from_json(ref.at("dy_eval"), dtype)).backward();
    EXPECT_TRUE(matches_reference("eval y", ye, ref.at("y_eval"), tol));
    EXPECT_TRUE(matches_reference("eval dx", xe.grad(), ref.at("dx_eval"), tol));
    EXPECT_TRUE(matches_reference("eval dweight", bn.weight().grad(), ref.at("dweight_eval"), tol));
    EXPECT_TRUE(matches_reference("eval dbias", bn.bias().grad(), ref.at("dbias_eval"), tol));
    // Evaluation leaves the running averages alone.
    EXPECT_TRUE(matches_reference("running_mean after eval", bn.running_mean(), ref.at("running_mean_after_3"), tol));
}

TEST(BatchNorm1d, MatchesPyTorchFloat64) { check_batch_norm_against_pytorch(DType::f64, 1e-10); }
TEST(BatchNorm1d, MatchesPyTorchFloat32) { check_batch_norm_against_pytorch(DType::f32, 1e-5); }

// ---- behaviour ----------------------------------------------------------------------------

TEST(BatchNorm1d, TrainingNormalisesEachFeatureOverTheBatch) {
    BatchNorm1d bn(3, 1e-5, 0.1, DType::f64);
    bn.weight().copy_from(Tensor::from({2.0, 0.5, 1.0}, {3}, DType::f64));
    bn.bias().copy_from(Tensor::from({1.0, -1.0, 0.0}, {3}, DType::f64));
    Tensor x = uniform({50, 3}, 10.0, 30.0, 31);
    Tensor y = bn(x);
    for (std::int64_t j = 0; j < 3; ++j) {
        double mean = 0, sq = 0;
        for (std::int64_t i = 0; i < 50; ++i) mean += y.at(i * 3 + j) / 50;
        for (std::int64_t i = 0; i < 50; ++i) sq += (y.at(i * 3 + j) - mean) * (y.at(i * 3 + j) - mean) / 50;
        EXPECT_NEAR(mean, bn.bias().at(j), 1e-12);                             // mean β
        EXPECT_NEAR(std::sqrt(sq), bn.weight().at(j), 1e-6);                   // std γ (up to eps)
    }
}

TEST(BatchNorm1d, TrainAndEvalDiffer) {
    BatchNorm1d bn(4, 1e-5, 0.1, DType::f64);
    Tensor x = uniform({8, 4}, 3.0, 9.0, 32);
    Tensor y_train = bn(x);
    bn.eval();
    Tensor y_eval = bn(x);
    double max_diff = 0;
    for (std::int64_t i = 0; i < x.numel(); ++i) max_diff = std::max(max_diff, std::abs(y_train.at(i) - y_eval.at(i)));
    EXPECT_GT(max_diff, 1.0);
    // Eval uses the running averages: each sample's output does not depend on the rest of the batch,
    // and N = 1 is allowed.
    Tensor row = ops::slice(x, 0, 2, 3);
    Tensor y_row = bn(row);
    for (std::int64_t j = 0; j < 4; ++j) EXPECT_DOUBLE_EQ(y_row.at(j), y_eval.at(2 * 4 + j));
    // By hand: one step from (0, 1) with momentum 0.1.
    const double rm = bn.running_mean().at(0), rv = bn.running_var().at(0);
    EXPECT_NEAR(y_eval.at(0), (x.at(0) - rm) / std::sqrt(rv + 1e-5), 1e-12);
}

TEST(BatchNorm1d, RunningVarianceUsesTheUnbiasedEstimate) {
    BatchNorm1d bn(1, 1e-5, 0.1, DType::f64);
    (void)bn(Tensor::from({1, 2, 3, 6}, {4, 1}, DType::f64));  // μ = 3, biased 3.5, unbiased 14/3
    EXPECT_DOUBLE_EQ(bn.running_mean().at(0), 0.1 * 3.0);
    EXPECT_NEAR(bn.running_var().at(0), 0.9 + 0.1 * 14.0 / 3.0, 1e-15);
    EXPECT_EQ(bn.num_batches_tracked(), 1);
}

TEST(BatchNorm1d, SingleSampleInTrainingThrowsLikePyTorch) {
    BatchNorm1d bn(3);
    try {
        (void)bn(Tensor::zeros({1, 3}));
        FAIL() << "expected ShapeError";
    } catch (const ShapeError& e) {
        EXPECT_NE(std::string(e.what()).find("expected more than 1 value per channel when training"), std::string::npos)
            << e.what();
    }
    EXPECT_EQ(bn.num_batches_tracked(), 0);
    EXPECT_DOUBLE_EQ(bn.running_var().at(0), 1.0);
    bn.eval();
    EXPECT_NO_THROW((void)bn(Tensor::zeros({1, 3})));
}

TEST(BatchNorm1d, RejectsBadInputAndSettings) {
    BatchNorm1d bn(3);
    EXPECT_THROW((void)bn(Tensor::zeros({4, 2})), ShapeError);
    EXPECT_THROW((void)bn(Tensor::zeros({4, 3, 1})), ShapeError);
    EXPECT_THROW((void)bn(Tensor::zeros({4, 3}, DType::f64)), ShapeError);
    EXPECT_THROW(BatchNorm1d(0), ConfigError);
    EXPECT_THROW(BatchNorm1d(3, 0.0), ConfigError);
    EXPECT_THROW(BatchNorm1d(3, 1e-5, 1.5), ConfigError);
}

TEST(BatchNorm1d, StateNamesFollowPyTorchAndParametersAreNotDecayed) {
    BatchNorm1d bn(5);
    auto params = bn.named_parameters();
    ASSERT_EQ(params.size(), 2u);
    EXPECT_EQ(params[0].name, "weight");
    EXPECT_EQ(params[1].name, "bias");
    EXPECT_FALSE(params[0].decay);
    EXPECT_FALSE(params[1].decay);
    EXPECT_TRUE(bn.weights().empty());
    EXPECT_EQ(params[0].tensor.to_vector(), std::vector<double>(5, 1.0));
    EXPECT_EQ(params[1].tensor.to_vector(), std::vector<double>(5, 0.0));
    auto buffers = bn.named_buffers();
    ASSERT_EQ(buffers.size(), 2u);
    EXPECT_EQ(buffers[0].name, "running_mean");
    EXPECT_EQ(buffers[1].name, "running_var");
    EXPECT_FALSE(buffers[0].tensor.requires_grad());

    Sequential model;
    model.emplace<Linear>(4, 5).emplace<BatchNorm1d>(5).emplace<Linear>(5, 2);
    std::vector<std::string> names;
    for (auto& b : model.named_buffers()) names.push_back(b.name);
    EXPECT_EQ(names, (std::vector<std::string>{"1.running_mean", "1.running_var"}));
    model.eval();
    EXPECT_FALSE(model[1].training());
}

TEST(BatchNorm1d, PrecedingLinearBiasIsUseless) {
    // Note 003: z = <w, x> + b, then BN subtracts the batch mean, which removes b. In training mode
    // the output does not depend on b, and b's gradient is zero.
    Generator generator(33);
    Linear linear(3, 4, /*bias=*/true, DType::f64, generator);
    BatchNorm1d bn(4, 1e-5, 0.1, DType::f64);
    Tensor x = uniform({16, 3}, -1.0, 1.0, 34);
    Tensor r = uniform({16, 4}, -1.0, 1.0, 35);
    Tensor y = bn(linear(x));
    ops::sum(y * r).backward();
    for (std::int64_t j = 0; j < 4; ++j) EXPECT_NEAR(linear.bias().grad().at(j), 0.0, 1e-12);
    EXPECT_GT(std::abs(linear.weight().grad().at(0)), 1e-3);
    linear.bias().copy_from(Tensor::from({5.0, -3.0, 100.0, 0.5}, {4}, DType::f64));
    Tensor y_shifted = bn(linear(x));
    for (std::int64_t i = 0; i < y.numel(); ++i) EXPECT_NEAR(y_shifted.at(i), y.at(i), 1e-10);
}

}  // namespace
}  // namespace axon
