// TrainerConfig::track_norms: the per-parameter weight and gradient norms a run records, checked by
// hand on a one-unit model, and used as the course uses them: a deep sigmoid net's first layer gets
// vanishing gradients where a ReLU net's does not (note 004).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "axon/io/synthetic.hpp"
#include "axon/layers/architecture.hpp"
#include "axon/optim/factory.hpp"
#include "axon/random.hpp"
#include "axon/train/trainer.hpp"

namespace axon {
namespace {

OptimizerSettings plain_sgd(double lr) {
    OptimizerSettings s;
    s.name = "sgd";
    s.lr = lr;
    s.momentum = 0;
    return s;
}

// y = w·x + b on two samples, one per step, mean squared error: every number worked out by hand.
TEST(TrainerNorms, MatchHandComputationForOneLinearUnit) {
    Generator gen(0);
    auto model = build_architecture("1", 2, gen);
    auto params = model->named_parameters();  // "0.weight" (1, 2), "0.bias" (1)
    ASSERT_EQ(params.size(), 2u);
    double w[2] = {0.5, -0.25}, b = 0.1;
    params[0].tensor.data<float>()[0] = 0.5f;
    params[0].tensor.data<float>()[1] = -0.25f;
    params[1].tensor.data<float>()[0] = 0.1f;
    const double x[2][2] = {{1.0, 2.0}, {-1.0, 0.5}}, t[2] = {1.0, -2.0};
    Dataset data = Dataset::regression({1.0f, 2.0f, -1.0f, 0.5f}, 2, {1.0f, -2.0f}, 1);

    const double lr = 0.1;
    auto optimizer = make_optimizer(plain_sgd(lr), model->named_parameters());
    TrainerConfig config;
    config.epochs = 1;
    config.batch_size = 1;
    config.shuffle = false;
    config.loss = LossKind::mse;
    config.progress = false;
    config.track_norms = true;
    Trainer trainer(*model, *optimizer, config);
    History history = trainer.fit(data, Dataset());

    // L = (y − t)², dL/dw = 2(y − t)·x, dL/db = 2(y − t); SGD: w ← w − η·dL/dw.
    double weight_grad_sum = 0, bias_grad_sum = 0;
    for (int i = 0; i < 2; ++i) {
        const double r = 2 * (w[0] * x[i][0] + w[1] * x[i][1] + b - t[i]);
        const double gw[2] = {r * x[i][0], r * x[i][1]};
        weight_grad_sum += std::hypot(gw[0], gw[1]);
        bias_grad_sum += std::abs(r);
        w[0] -= lr * gw[0];
        w[1] -= lr * gw[1];
        b -= lr * r;
    }
    ASSERT_EQ(history.epochs.size(), 1u);
    const auto& norms = history.epochs[0].norms;
    ASSERT_EQ(norms.size(), 2u);
    EXPECT_EQ(norms[0].name, "0.weight");
    EXPECT_EQ(norms[1].name, "0.bias");
    EXPECT_NEAR(norms[0].grad_norm, weight_grad_sum / 2, 1e-5);
    EXPECT_NEAR(norms[1].grad_norm, bias_grad_sum / 2, 1e-5);
    EXPECT_NEAR(norms[0].weight_norm, std::hypot(w[0], w[1]), 1e-6);
    EXPECT_NEAR(norms[1].weight_norm, std::abs(b), 1e-6);

    // Off by default: no norms recorded.
    TrainerConfig plain = config;
    plain.track_norms = false;
    Trainer untracked(*model, *optimizer, plain);
    EXPECT_TRUE(untracked.fit(data, Dataset()).epochs[0].norms.empty());
}

// The mean first-layer gradient norm of a 5-hidden-layer net after 2 epochs on the Gaussian mixture.
struct DepthNorms {
    double first = 0, last = 0;
};
DepthNorms deep_net_norms(const std::string& activation) {
    const Dataset data = gaussian_mixture(200, GaussianMixture::kDefaultStddev, 3);
    std::string arch;
    for (int i = 0; i < 5; ++i) arch += "32, " + activation + ", ";
    arch += "2";
    Generator gen(11);
    auto model = build_architecture(arch, 2, gen);
    auto optimizer = make_optimizer(plain_sgd(0.05), model->named_parameters());
    TrainerConfig config;
    config.epochs = 2;
    config.batch_size = 20;
    config.progress = false;
    config.seed = 5;
    config.track_norms = true;
    Trainer trainer(*model, *optimizer, config);
    const History history = trainer.fit(data, Dataset());
    const auto& norms = history.epochs.back().norms;
    EXPECT_EQ(norms.front().name, "0.weight");
    EXPECT_EQ(norms[norms.size() - 2].name, "10.weight");
    return {norms.front().grad_norm, norms[norms.size() - 2].grad_norm};
}

TEST(TrainerNorms, SigmoidDeepNetHasVanishingFirstLayerGradientsReluDoesNot) {
    const DepthNorms sigmoid = deep_net_norms("sigmoid");
    const DepthNorms relu = deep_net_norms("relu");
    // σ' ≤ 1/4: five sigmoid layers shrink the gradient by ≳ 4⁵ on its way down; ReLU passes it through.
    EXPECT_LT(sigmoid.first, relu.first / 10) << "sigmoid " << sigmoid.first << ", relu " << relu.first;
    EXPECT_LT(sigmoid.first / sigmoid.last, 0.05) << sigmoid.first << " / " << sigmoid.last;
    EXPECT_GT(relu.first / relu.last, 0.1) << relu.first << " / " << relu.last;
    std::printf("first/last layer gradient norm: sigmoid %.3g / %.3g, relu %.3g / %.3g\n", sigmoid.first, sigmoid.last, relu.first, relu.last);
}

}  // namespace
}  // namespace axon
