// Optimiser behaviour: note 003's EMA momentum written out by hand, hyper-parameter errors, weight-decay
// flags, lazy moments that are never reallocated, state_dict round trips, scheduler state, clipping edge cases.
#include <cmath>
#include <memory>

#include <gtest/gtest.h>

#include "axon/axon.hpp"
#include "axon/optim/adadelta.hpp"
#include "axon/optim/adagrad.hpp"
#include "axon/optim/adam.hpp"
#include "axon/optim/clip.hpp"
#include "axon/optim/rmsprop.hpp"
#include "axon/optim/schedule.hpp"
#include "axon/optim/sgd.hpp"
#include "support/gradcheck.hpp"

namespace axon {
namespace {

// Expects `fn` to throw ConfigError with exactly `message`.
template <class F>
void expect_config_error(F&& fn, const std::string& message) {
    try {
        fn();
        ADD_FAILURE() << "expected ConfigError: " << message;
    } catch (const ConfigError& e) {
        EXPECT_EQ(std::string(e.what()), message);
    }
}

Tensor leaf(std::initializer_list<double> values, const Shape& shape, DType dtype = DType::f64) {
    return Tensor::from(values, shape, dtype).requires_grad_();
}

TEST(SGD, EmaMomentumFollowsNote003OnItsQuadratic) {
    // Note 003: f(x, y) = 1.5x² + y² + 2, ∇f = (3x, 2y).
    //   v₀ = ∇f(θ₀);  v_t = β·v_{t−1} + (1 − β)·∇f(θ_t);  θ_{t+1} = θ_t − η·v_t
    const double eta = 0.1, beta = 0.5;
    Tensor theta = leaf({1.0, -2.0}, {2});
    SGD opt({theta}, {.lr = eta, .momentum = beta, .momentum_form = MomentumForm::ema});
    const Tensor coef = Tensor::from({1.5, 1.0}, {2}, DType::f64);

    double x = 1.0, y = -2.0, vx = 0, vy = 0;
    for (int t = 0; t < 20; ++t) {
        opt.zero_grad();
        (ops::sum(coef * theta * theta) + 2.0).backward();
        opt.step();
        const double gx = 3 * x, gy = 2 * y;
        vx = t == 0 ? gx : beta * vx + (1 - beta) * gx;
        vy = t == 0 ? gy : beta * vy + (1 - beta) * gy;
        x -= eta * vx;
        y -= eta * vy;
        ASSERT_NEAR(theta.at(0), x, 1e-14) << "step " << t;
        ASSERT_NEAR(theta.at(1), y, 1e-14) << "step " << t;
    }
    EXPECT_LT(std::abs(x), 1e-3);  // and it converges to the minimum (0, 0)
}

TEST(SGD, HeavyBallAndEmaDifferByTheFactorOneMinusBeta) {
    // With a constant gradient g, heavy-ball's velocity tends to g/(1 − β) while EMA's stays g.
    Tensor a = leaf({0.0}, {1}), b = leaf({0.0}, {1});
    SGD heavy({a}, {.lr = 1.0, .momentum = 0.9});
    SGD ema({b}, {.lr = 1.0, .momentum = 0.9, .momentum_form = MomentumForm::ema});
    double prev_a = 0, prev_b = 0, step_a = 0, step_b = 0;
    for (int t = 0; t < 200; ++t) {
        a.set_grad(Tensor::full({1}, 1.0, DType::f64));
        b.set_grad(Tensor::full({1}, 1.0, DType::f64));
        heavy.step();
        ema.step();
        step_a = prev_a - a.at(0), step_b = prev_b - b.at(0);
        prev_a = a.at(0), prev_b = b.at(0);
    }
    EXPECT_NEAR(step_a, 10.0, 1e-6);
    EXPECT_NEAR(step_b, 1.0, 1e-12);
}

TEST(Optimizers, BadHyperParametersThrowNamingOptionAndValue) {
    Tensor w = leaf({1.0}, {1});
    expect_config_error([&] { Adam({w}, {.beta1 = 1.5}); }, "Adam: beta1 must be in [0, 1) (got 1.5)");
    expect_config_error([&] { Adam({w}, {.beta2 = -0.1}); }, "Adam: beta2 must be in [0, 1) (got -0.1)");
    expect_config_error([&] { AdamW({w}, {.weight_decay = -1}); }, "AdamW: weight_decay must be ≥ 0 (got -1)");
    expect_config_error([&] { SGD({w}, {.lr = -0.01}); }, "SGD: learning rate must be > 0 (got -0.01)");
    expect_config_error([&] { SGD({w}, {.lr = 0.1, .momentum = 1.0}); }, "SGD: momentum must be in [0, 1) (got 1)");
    expect_config_error([&] { SGD({w}, {.lr = 0.1, .nesterov = true}); },
                        "SGD: Nesterov needs momentum > 0 in the heavy-ball form without dampening "
                        "(got momentum 0, dampening 0, form heavy-ball)");
    expect_config_error([&] { Adagrad({w}, {.eps = -1e-10}); }, "Adagrad: eps must be ≥ 0 (got -1e-10)");
    expect_config_error([&] { RMSprop({w}, {.alpha = 1.2}); }, "RMSprop: alpha must be in [0, 1) (got 1.2)");
    expect_config_error([&] { Adadelta({w}, {.rho = 1.0}); }, "Adadelta: rho must be in [0, 1) (got 1)");
    expect_config_error([&] { Adadelta({w}, {.lr = 0}); }, "Adadelta: learning rate must be > 0 (got 0)");
    SGD ok({w}, {.lr = 0.1});
    expect_config_error([&] { ok.set_lr(-1); }, "SGD: learning rate must be finite and ≥ 0 (got -1)");
    expect_config_error([&] { StepLR(ok, 0); }, "StepLR: step_size must be ≥ 1 (got 0)");
    expect_config_error([&] { ReduceLROnPlateau(ok, {.factor = 1.0}); },
                        "ReduceLROnPlateau: factor must be in (0, 1) (got 1)");
    ReduceLROnPlateau plateau(ok);
    expect_config_error([&] { plateau.step(); },
                        "ReduceLROnPlateau::step: needs the watched metric (e.g. the validation loss)");
    Tensor frozen = Tensor::zeros({2});
    expect_config_error([&] { SGD({frozen}); }, "SGD: parameter '0' (shape (2,)) does not require grad");
}

TEST(Optimizers, DefaultsAreTorchOptimDefaults) {
    EXPECT_EQ(SGDOptions{}.lr, 1e-3);
    EXPECT_EQ(AdagradOptions{}.lr, 1e-2);
    EXPECT_EQ(AdagradOptions{}.eps, 1e-10);
    EXPECT_EQ(RMSpropOptions{}.lr, 1e-2);
    EXPECT_EQ(RMSpropOptions{}.alpha, 0.99);
    EXPECT_EQ(RMSpropOptions{}.eps, 1e-8);
    EXPECT_EQ(AdamOptions{}.lr, 1e-3);
    EXPECT_EQ(AdamOptions{}.beta1, 0.9);
    EXPECT_EQ(AdamOptions{}.beta2, 0.999);
    EXPECT_EQ(AdamOptions{}.eps, 1e-8);
    EXPECT_EQ(AdamOptions{}.weight_decay, 0.0);
    EXPECT_EQ(AdamWOptions{}.weight_decay, 1e-2);
    EXPECT_EQ(AdadeltaOptions{}.lr, 1.0);
    EXPECT_EQ(AdadeltaOptions{}.rho, 0.9);
    EXPECT_EQ(AdadeltaOptions{}.eps, 1e-6);
}

TEST(Optimizers, WeightDecaySkipsBiasesOfNamedParametersUnlessOverridden) {
    Generator gen(3);
    Linear layer(4, 2, true, DType::f64, gen);
    const Tensor w0 = layer.weight().clone(), b0 = layer.bias().clone();
    SGD opt(layer.named_parameters(), {.lr = 0.1, .weight_decay = 0.5});
    EXPECT_EQ(opt.parameter_names(), (std::vector<std::string>{"weight", "bias"}));
    EXPECT_TRUE(opt.decays(0));
    EXPECT_FALSE(opt.decays(1));
    // Zero loss gradient: only the decay moves anything, w ← w·(1 − η·λ).
    layer.weight().set_grad(Tensor::zeros({2, 4}, DType::f64));
    layer.bias().set_grad(Tensor::zeros({2}, DType::f64));
    opt.step();
    for (std::int64_t k = 0; k < 8; ++k) EXPECT_DOUBLE_EQ(layer.weight().at(k), w0.at(k) * 0.95);
    EXPECT_EQ(layer.bias().to_vector(), b0.to_vector());

    opt.set_decay("bias", true);
    opt.step();
    for (std::int64_t k = 0; k < 2; ++k) EXPECT_DOUBLE_EQ(layer.bias().at(k), b0.at(k) * 0.95);
    expect_config_error([&] { opt.set_decay("gamma", false); }, "SGD::set_decay: no parameter is named 'gamma'");

    // Unnamed parameters decay, as in torch.optim.
    Tensor t = leaf({2.0}, {1});
    AdamW adamw({t}, {.lr = 0.1, .weight_decay = 0.5});
    EXPECT_TRUE(adamw.decays(0));
}

TEST(Optimizers, ParametersWithoutGradientAreSkippedAndStateIsNamedAsInPyTorch) {
    Tensor a = test::uniform({3, 4}, -1, 1, 1).requires_grad_();
    Tensor b = test::uniform({4}, -1, 1, 2).requires_grad_();
    Adam opt({a, b}, {.lr = 0.01, .amsgrad = true});
    a.set_grad(test::uniform({3, 4}, -1, 1, 3));
    const std::vector<double> b_before = b.to_vector();
    opt.step();  // b has no gradient: untouched, no state
    EXPECT_EQ(b.to_vector(), b_before);
    auto state = opt.state_dict();
    std::vector<std::string> names;
    for (auto& s : state) names.push_back(s.name);
    EXPECT_EQ(names, (std::vector<std::string>{"step", "lr", "0.step", "0.exp_avg", "0.exp_avg_sq",
                                                "0.max_exp_avg_sq"}));

    for (int t = 0; t < 4; ++t) {
        a.set_grad(test::uniform({3, 4}, -1, 1, 10 + t));
        opt.step();
    }
    EXPECT_EQ(opt.steps(), 5);
    EXPECT_EQ(opt.state_dict()[2].tensor.item(), 5.0);  // "0.step"
}

// Exposes the live moment buffers to check that step() reuses them.
class ProbeSGD : public SGD {
public:
    using SGD::SGD;
    const void* buffer(std::size_t i) { return moment(i, 0).raw_data(); }
};

TEST(Optimizers, StepReusesTheMomentBuffersAfterTheFirst) {
    Tensor w = test::uniform({5, 3}, -1, 1, 4).requires_grad_();
    ProbeSGD opt({w}, {.lr = 0.1, .momentum = 0.9});
    w.set_grad(test::uniform({5, 3}, -1, 1, 5));
    opt.step();
    const void* first = opt.buffer(0);
    for (int t = 0; t < 4; ++t) {
        w.set_grad(test::uniform({5, 3}, -1, 1, 6 + t));
        opt.step();
        EXPECT_EQ(opt.buffer(0), first);
    }
}

// Runs `steps` updates with gradients drawn from seeds starting at `seed`.
void run(Optimizer& opt, std::vector<Tensor>& params, int steps, unsigned seed) {
    for (int t = 0; t < steps; ++t) {
        for (std::size_t i = 0; i < params.size(); ++i)
            params[i].set_grad(test::uniform(params[i].shape(), -1, 1, seed + static_cast<unsigned>(10 * t + i)));
        opt.step();
    }
}

TEST(Optimizers, StateDictResumesBitForBit) {
    auto make = [](std::vector<Tensor> p) -> std::vector<std::unique_ptr<Optimizer>> {
        std::vector<std::unique_ptr<Optimizer>> out;
        out.push_back(std::make_unique<SGD>(p, SGDOptions{.lr = 0.1, .momentum = 0.9, .nesterov = true}));
        out.push_back(std::make_unique<Adagrad>(p, AdagradOptions{.lr = 0.1, .lr_decay = 0.1}));
        out.push_back(std::make_unique<RMSprop>(p, RMSpropOptions{.momentum = 0.5, .centered = true}));
        out.push_back(std::make_unique<Adam>(p, AdamOptions{.amsgrad = true}));
        out.push_back(std::make_unique<AdamW>(p));
        out.push_back(std::make_unique<Adadelta>(p));
        return out;
    };
    const std::vector<Tensor> init = {test::uniform({3, 2}, -1, 1, 20), test::uniform({2}, -1, 1, 21)};
    for (std::size_t k = 0; k < 6; ++k) {
        // Uninterrupted: 6 steps.
        std::vector<Tensor> p1 = {init[0].clone().requires_grad_(), init[1].clone().requires_grad_()};
        auto o1 = std::move(make(p1)[k]);
        run(*o1, p1, 3, 100);
        run(*o1, p1, 3, 200);
        // Interrupted after 3: a new optimiser over copies of the weights, loaded from the state.
        std::vector<Tensor> p2 = {init[0].clone().requires_grad_(), init[1].clone().requires_grad_()};
        auto o2 = std::move(make(p2)[k]);
        run(*o2, p2, 3, 100);
        const auto saved = o2->state_dict();
        std::vector<Tensor> p3 = {p2[0].clone().requires_grad_(), p2[1].clone().requires_grad_()};
        auto o3 = std::move(make(p3)[k]);
        o3->load_state_dict(saved);
        EXPECT_EQ(o3->steps(), 3);
        run(*o3, p3, 3, 200);
        for (std::size_t i = 0; i < 2; ++i) EXPECT_EQ(p3[i].to_vector(), p1[i].to_vector()) << o1->name();
    }
}

TEST(Optimizers, LoadStateDictRejectsForeignState) {
    Tensor w = test::uniform({3}, -1, 1, 1).requires_grad_();
    Adam adam({w});
    w.set_grad(test::uniform({3}, -1, 1, 2));
    adam.step();
    auto state = adam.state_dict();

    Tensor other = test::uniform({4}, -1, 1, 1).requires_grad_();
    Adam wrong_shape({other});
    EXPECT_THROW(wrong_shape.load_state_dict(state), ShapeError);
    EXPECT_EQ(wrong_shape.steps(), 0);  // a failed load changes nothing

    SGD sgd({w}, {.lr = 0.1, .momentum = 0.9});
    expect_config_error([&] { sgd.load_state_dict(state); },
                        "SGD::load_state_dict: unexpected entry '0.exp_avg' (not a state of this optimiser)");
    expect_config_error([&] { sgd.load_state_dict({}); }, "SGD::load_state_dict: 'step' is missing");
}

TEST(Schedules, CosineReachesEtaMinAtTMaxAndPlateauStateRoundTrips) {
    Tensor w = leaf({0.0}, {1});
    SGD opt({w}, {.lr = 0.5});
    CosineAnnealingLR cosine(opt, 4, 0.01);
    for (int e = 0; e < 4; ++e) cosine.step();
    EXPECT_NEAR(opt.lr(), 0.01, 1e-15);
    cosine.step();
    EXPECT_GT(opt.lr(), 0.01);  // PyTorch's cosine continues past T_max

    SGD a_opt({w}, {.lr = 1.0}), b_opt({w}, {.lr = 1.0});
    ReduceLROnPlateau a(a_opt, {.factor = 0.5, .patience = 1});
    for (double m : {1.0, 0.5, 0.6}) a.step(m);
    ReduceLROnPlateau b(b_opt, {.factor = 0.5, .patience = 1});
    b.load_state_dict(a.state_dict());
    EXPECT_EQ(b.best(), 0.5);
    EXPECT_EQ(b.bad_epochs(), 1);
    a.step(0.7);
    b.step(0.7);  // the second bad epoch: both halve the rate
    EXPECT_EQ(a_opt.lr(), 0.5);
    EXPECT_EQ(b_opt.lr(), 0.5);
    EXPECT_EQ(b.epoch(), 4);
}

TEST(Clip, NonFiniteNormThrowsWhenAskedAndGradientsWithoutValuesAreSkipped) {
    Tensor a = leaf({0.0, 0.0}, {2}), b = leaf({0.0}, {1}), c = leaf({0.0}, {1});
    a.set_grad(Tensor::from({3.0, 4.0}, {2}, DType::f64));
    // c has no gradient: skipped.
    b.set_grad(Tensor::from({12.0}, {1}, DType::f64));
    EXPECT_DOUBLE_EQ(clip_grad_norm_({a, b, c}, 26.0), 13.0);  // below max_norm: untouched
    EXPECT_EQ(a.grad().to_vector(), (std::vector<double>{3.0, 4.0}));
    EXPECT_DOUBLE_EQ(clip_grad_norm_({a, b, c}, 1.3), 13.0);
    EXPECT_NEAR(a.grad().at(0), 0.3, 1e-7);
    EXPECT_NEAR(b.grad().at(0), 1.2, 1e-7);
    b.set_grad(Tensor::from({NAN}, {1}, DType::f64));
    EXPECT_THROW(clip_grad_norm_({a, b}, 1.0, 2.0, /*error_if_nonfinite=*/true), NumericError);
    expect_config_error([&] { clip_grad_norm_({a}, -1.0); }, "clip_grad_norm_: max_norm must be ≥ 0 (got -1)");
}

TEST(Optimizers, Float32ParametersTrainLikeFloat64) {
    // The same kernels in float: a 2-parameter least-squares fit converges with every optimiser.
    const Tensor x = Tensor::from({-1.0, 0.0, 1.0, 2.0}, {4, 1});
    const Tensor y = Tensor::from({-1.0, 1.0, 3.0, 5.0}, {4, 1});  // y = 2x + 1
    auto fit = [&](auto make) {
        Tensor w = Tensor::zeros({1, 1}).requires_grad_(), b = Tensor::zeros({1}).requires_grad_();
        auto opt = make(std::vector<Tensor>{w, b});
        for (int t = 0; t < 2000; ++t) {
            opt->zero_grad();
            Tensor r = ops::linear(x, w, b) - y;
            ops::mean(r * r).backward();
            opt->step();
        }
        return std::pair{w.item(), b.item()};
    };
    const std::vector<std::pair<double, double>> results = {
        fit([](auto p) { return std::make_unique<SGD>(p, SGDOptions{.lr = 0.05, .momentum = 0.9}); }),
        fit([](auto p) { return std::make_unique<SGD>(p, SGDOptions{.lr = 0.05, .momentum = 0.9, .nesterov = true}); }),
        fit([](auto p) { return std::make_unique<Adagrad>(p, AdagradOptions{.lr = 0.5}); }),
        fit([](auto p) { return std::make_unique<RMSprop>(p, RMSpropOptions{.lr = 0.01}); }),
        fit([](auto p) { return std::make_unique<Adam>(p, AdamOptions{.lr = 0.05}); }),
        fit([](auto p) { return std::make_unique<AdamW>(p, AdamWOptions{.lr = 0.05, .weight_decay = 0}); }),
        fit([](auto p) { return std::make_unique<Adadelta>(p, AdadeltaOptions{.lr = 1.0, .eps = 1e-2}); }),
    };
    for (std::size_t k = 0; k < results.size(); ++k) {
        EXPECT_NEAR(results[k].first, 2.0, 2e-2) << "optimiser " << k;
        EXPECT_NEAR(results[k].second, 1.0, 2e-2) << "optimiser " << k;
    }
}

}  // namespace
}  // namespace axon
