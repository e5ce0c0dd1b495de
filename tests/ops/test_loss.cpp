// Losses: gradient checks for every reduction, hand and PyTorch reference values, the fused
// cross-entropy against its composed form, stability at logits ±1e4, exact L2 gradients, errors.
#include <cmath>
#include <limits>
#include <random>

#include "support/gradcheck.hpp"

namespace axon {
namespace {

using ops::Reduction;
using test::GradcheckOptions;
using test::gradcheck;
using test::uniform;

const Reduction kReductions[] = {Reduction::mean, Reduction::sum, Reduction::none};
const char* reduction_name(Reduction r) {
    return r == Reduction::mean ? "mean" : r == Reduction::sum ? "sum" : "none";
}

std::vector<std::int32_t> random_labels(std::int64_t n, std::int64_t c, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<std::int32_t> dist(0, static_cast<std::int32_t>(c - 1));
    std::vector<std::int32_t> labels(static_cast<std::size_t>(n));
    for (auto& y : labels) y = dist(rng);
    return labels;
}

// Rows of positive values summing to 1.
Tensor random_distribution(std::int64_t n, std::int64_t c, unsigned seed) {
    Tensor q = uniform({n, c}, 0.05, 1.0, seed);
    double* p = q.data<double>();
    for (std::int64_t i = 0; i < n; ++i) {
        double s = 0;
        for (std::int64_t k = 0; k < c; ++k) s += p[i * c + k];
        for (std::int64_t k = 0; k < c; ++k) p[i * c + k] /= s;
    }
    return q;
}

Tensor one_hot_rows(std::span<const std::int32_t> labels, std::int64_t c, DType dtype = DType::f64) {
    Tensor q = Tensor::zeros({static_cast<std::int64_t>(labels.size()), c}, DType::f64);
    for (std::size_t n = 0; n < labels.size(); ++n) q.data<double>()[static_cast<std::int64_t>(n) * c + labels[n]] = 1;
    return q.to(dtype);
}

template <class F>
std::string error_message(F f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return "(no exception)";
}

// ---- gradient checks ----------------------------------------------------------------------------

const std::vector<Shape> kElementwiseShapes = {{1, 1}, {1, 3}, {4}, {17, 2}, {2, 3, 2}};
const std::vector<std::pair<std::int64_t, std::int64_t>> kRowShapes = {{1, 4}, {3, 5}, {17, 10}, {2, 1}};

TEST(Loss, MseAndSeGradientsMatchCentralDifferences) {
    unsigned seed = 10;
    for (const Shape& shape : kElementwiseShapes) {
        Tensor y = uniform(shape, -2, 2, seed++);
        Tensor t = uniform(shape, -2, 2, seed++);
        for (Reduction r : kReductions)
            EXPECT_TRUE(gradcheck(std::string("mse_loss ") + reduction_name(r),
                                  [r](const auto& in) { return ops::mse_loss(in[0], in[1], r); }, {y, t}));
        EXPECT_TRUE(gradcheck("se_loss", [](const auto& in) { return ops::se_loss(in[0], in[1]); }, {y, t}));
    }
}

TEST(Loss, BceGradientsMatchCentralDifferences) {
    unsigned seed = 20;
    for (const Shape& shape : kElementwiseShapes) {
        Tensor p = uniform(shape, 0.05, 0.95, seed++);
        Tensor t = uniform(shape, 0.0, 1.0, seed++);  // soft targets: the target gradient is checked too
        Tensor z = uniform(shape, -4, 4, seed++);
        for (Reduction r : kReductions) {
            EXPECT_TRUE(gradcheck(std::string("bce_loss ") + reduction_name(r),
                                  [r](const auto& in) { return ops::bce_loss(in[0], in[1], r); }, {p, t}));
            EXPECT_TRUE(gradcheck(std::string("bce_with_logits_loss ") + reduction_name(r),
                                  [r](const auto& in) { return ops::bce_with_logits_loss(in[0], in[1], r); }, {z, t}));
            EXPECT_TRUE(gradcheck(std::string("bce_with_logits_loss, target skipped ") + reduction_name(r),
                                  [r](const auto& in) { return ops::bce_with_logits_loss(in[0], in[1], r); }, {z, t},
                                  GradcheckOptions{.skip = {false, true}}));
        }
    }
}

TEST(Loss, CrossEntropyGradientsMatchCentralDifferences) {
    unsigned seed = 30;
    for (auto [n, c] : kRowShapes) {
        Tensor z = uniform({n, c}, -3, 3, seed++);
        auto labels = random_labels(n, c, seed++);
        Tensor q = random_distribution(n, c, seed++);
        Tensor q_unnormalised = uniform({n, c}, 0.0, 2.0, seed++);  // rows not summing to 1: the Σq factor
        for (Reduction r : kReductions) {
            std::string rn = reduction_name(r);
            EXPECT_TRUE(gradcheck("cross_entropy labels " + rn,
                                  [&labels, r](const auto& in) { return ops::cross_entropy(in[0], labels, r); }, {z}));
            EXPECT_TRUE(gradcheck("cross_entropy targets " + rn,
                                  [r](const auto& in) { return ops::cross_entropy(in[0], in[1], r); }, {z, q}));
            EXPECT_TRUE(gradcheck("cross_entropy unnormalised targets " + rn,
                                  [r](const auto& in) { return ops::cross_entropy(in[0], in[1], r); },
                                  {z, q_unnormalised}, GradcheckOptions{.eps = 1e-5, .skip = {}}));
            EXPECT_TRUE(gradcheck("cross_entropy one-hot targets " + rn,
                                  [r](const auto& in) { return ops::cross_entropy(in[0], in[1], r); },
                                  {z, one_hot_rows(labels, c)}, GradcheckOptions{.skip = {false, true}}));
        }
    }
}

TEST(Loss, KlDivGradientsMatchCentralDifferences) {
    unsigned seed = 40;
    for (auto [n, c] : kRowShapes) {
        Tensor log_p = uniform({n, c}, -4, -0.1, seed++);
        Tensor q = random_distribution(n, c, seed++);
        Tensor q_with_zeros = q.clone();
        q_with_zeros.data<double>()[0] = 0;  // the 0·log 0 term: only log p is checked there
        for (Reduction r : kReductions) {
            std::string rn = reduction_name(r);
            EXPECT_TRUE(gradcheck("kl_div " + rn, [r](const auto& in) { return ops::kl_div(in[0], in[1], r); },
                                  {log_p, q}));
            EXPECT_TRUE(gradcheck("kl_div q with a zero " + rn,
                                  [r](const auto& in) { return ops::kl_div(in[0], in[1], r); }, {log_p, q_with_zeros},
                                  GradcheckOptions{.skip = {false, true}}));
        }
    }
}

TEST(Loss, L2PenaltyGradientsMatchCentralDifferences) {
    Tensor w1 = uniform({3, 4}, -1, 1, 50);
    Tensor w2 = uniform({1, 2}, -1, 1, 51);
    EXPECT_TRUE(gradcheck("l2_penalty_mean",
                          [](const auto& in) { return ops::l2_penalty_mean(in, 0.3, 17); }, {w1, w2}));
    EXPECT_TRUE(gradcheck("l2_penalty", [](const auto& in) { return ops::l2_penalty(in, 0.01); }, {w1, w2}));
}

// ---- reference values -----------------------------------------------------------------------------

TEST(Loss, MseAndSeHandValues) {
    Tensor y = Tensor::from({1, 2, 3}, {3}, DType::f64);
    Tensor t = Tensor::from({0, 2, 5}, {3}, DType::f64);  // y − t = (1, 0, −2), squares (1, 0, 4)
    EXPECT_DOUBLE_EQ(ops::mse_loss(y, t).item(), 5.0 / 3.0);
    EXPECT_DOUBLE_EQ(ops::mse_loss(y, t, Reduction::sum).item(), 5.0);
    EXPECT_EQ(ops::mse_loss(y, t, Reduction::none).to_vector(), (std::vector<double>{1, 0, 4}));
    EXPECT_DOUBLE_EQ(ops::se_loss(y, t).item(), 5.0);
    // SE over 2 samples of 2 outputs: ‖(1, 1)‖² + ‖(0, 3)‖² = 2 + 9.
    Tensor y2 = Tensor::from({1, 1, 0, 3}, {2, 2});
    EXPECT_FLOAT_EQ(static_cast<float>(ops::se_loss(y2, Tensor::zeros({2, 2})).item()), 11.0f);

    Tensor leaf = y.clone().requires_grad_();
    ops::mse_loss(leaf, t).backward();  // 2(y − t)/3
    EXPECT_EQ(leaf.grad().to_vector(), (std::vector<double>{2.0 / 3.0, 0.0, -4.0 / 3.0}));
}

TEST(Loss, BceHandValues) {
    Tensor zero = Tensor::zeros({3}, DType::f64);
    Tensor t = Tensor::from({0.0, 0.3, 1.0}, {3}, DType::f64);
    for (double v : ops::bce_with_logits_loss(zero, t, Reduction::none).to_vector()) EXPECT_DOUBLE_EQ(v, std::log(2.0));
    Tensor half = Tensor::full({3}, 0.5, DType::f64);
    for (double v : ops::bce_loss(half, t, Reduction::none).to_vector()) EXPECT_DOUBLE_EQ(v, std::log(2.0));
    // −log 0.8 for p = 0.8, t = 1 and for p = 0.2, t = 0.
    Tensor p = Tensor::from({0.8, 0.2}, {2}, DType::f64);
    Tensor t2 = Tensor::from({1.0, 0.0}, {2}, DType::f64);
    EXPECT_NEAR(ops::bce_loss(p, t2).item(), -std::log(0.8), 1e-15);
}

// Values printed by PyTorch 1.13 (torch.nn.functional, float64) for the same inputs.
TEST(Loss, MatchesPyTorchReferenceValues) {
    Tensor z = Tensor::from({1.0, -2.0, 0.5, 0.3, 0.2, -1.0}, {2, 3}, DType::f64);
    const std::int32_t labels[] = {2, 0};
    EXPECT_NEAR(ops::cross_entropy(z, labels).item(), 0.8913571332401816, 1e-14);
    auto per_sample = ops::cross_entropy(z, labels, Reduction::none).to_vector();
    ASSERT_EQ(per_sample.size(), 2u);
    EXPECT_NEAR(per_sample[0], 1.0045969023422834, 1e-14);
    EXPECT_NEAR(per_sample[1], 0.7781173641380799, 1e-14);
    Tensor q = Tensor::from({0.2, 0.3, 0.5, 0.0, 0.9, 0.1}, {2, 3}, DType::f64);
    EXPECT_NEAR(ops::cross_entropy(z, q).item(), 1.3263571332401818, 1e-14);

    Tensor p = Tensor::from({0.1, 0.9, 0.5, 1e-50, 1.0}, {5}, DType::f64);
    Tensor t = Tensor::from({0.0, 1.0, 0.3, 1.0, 0.0}, {5}, DType::f64);
    auto bce = ops::bce_loss(p, t, Reduction::none).to_vector();
    const double bce_torch[] = {0.10536051565782628, 0.10536051565782628, 0.6931471805599453, 100.0, 100.0};
    for (std::size_t i = 0; i < 5; ++i) EXPECT_NEAR(bce[i], bce_torch[i], 1e-14) << "element " << i;

    Tensor x = Tensor::from({-3.0, 0.0, 2.5, 40.0}, {4}, DType::f64);
    Tensor tt = Tensor::from({1.0, 0.5, 0.0, 0.2}, {4}, DType::f64);
    auto bcel = ops::bce_with_logits_loss(x, tt, Reduction::none).to_vector();
    const double bcel_torch[] = {3.048587351573742, 0.6931471805599453, 2.5788897342925496, 32.0};
    for (std::size_t i = 0; i < 4; ++i) EXPECT_NEAR(bcel[i], bcel_torch[i], 1e-14) << "element " << i;

    // kl_div(log_softmax(z), q): batchmean and sum.
    Tensor log_p = z - ops::log(ops::sum(ops::exp(z), 1, /*keepdim=*/true));
    EXPECT_NEAR(ops::kl_div(log_p, q).item(), 0.6489891395121706, 1e-14);
    EXPECT_NEAR(ops::kl_div(log_p, q, Reduction::sum).item(), 1.2979782790243413, 1e-14);
}

TEST(Loss, CrossEntropyOfUniformLogitsIsLogC) {
    for (std::int64_t c : {2, 10}) {
        Tensor z = Tensor::zeros({3, c}, DType::f64).requires_grad_();
        const std::int32_t labels[] = {0, 1, 1};
        Tensor loss = ops::cross_entropy(z, labels);
        EXPECT_NEAR(loss.item(), std::log(static_cast<double>(c)), 1e-15);
        loss.backward();  // (1/C − onehot) / N
        for (std::int64_t n = 0; n < 3; ++n)
            for (std::int64_t k = 0; k < c; ++k)
                EXPECT_NEAR(z.grad().at(n * c + k), (1.0 / static_cast<double>(c) - (k == labels[n])) / 3.0, 1e-16);
        EXPECT_NEAR(ops::cross_entropy(z, one_hot_rows(labels, c)).item(), std::log(static_cast<double>(c)), 1e-15);
    }
}

TEST(Loss, KlOfADistributionWithItselfIsZero) {
    // log 0 = −∞ in log_p where q = 0: the term counts 0, not 0·(−∞) = NaN.
    Tensor q = Tensor::from({0.5, 0.5, 0.0, 0.2, 0.3, 0.5}, {2, 3}, DType::f64);
    Tensor log_q = ops::log(q);
    EXPECT_EQ(ops::kl_div(log_q, q).item(), 0.0);
    EXPECT_EQ(ops::kl_div(log_q, q, Reduction::none).to_vector(), (std::vector<double>{0.0, 0.0}));
    // KL((1, 0) ‖ (½, ½)) = log 2; KL ≥ 0 otherwise.
    Tensor q1 = Tensor::from({1.0, 0.0}, {1, 2}, DType::f64);
    Tensor half = Tensor::full({1, 2}, std::log(0.5), DType::f64);
    EXPECT_NEAR(ops::kl_div(half, q1).item(), std::log(2.0), 1e-15);
}

TEST(Loss, FusedCrossEntropyEqualsComposedForm) {
    // −mean_n Σ_c onehot ⊙ (z − logsumexp(z)), built from exp, log, sum, max, mul, mean.
    for (auto [n, c] : kRowShapes) {
        Tensor z0 = uniform({n, c}, -5, 5, static_cast<unsigned>(60 + n));
        auto labels = random_labels(n, c, static_cast<unsigned>(70 + n));
        Tensor onehot = one_hot_rows(labels, c);

        Tensor z_fused = z0.clone().requires_grad_();
        Tensor fused = ops::cross_entropy(z_fused, labels);
        fused.backward();

        Tensor z_composed = z0.clone().requires_grad_();
        Tensor m = ops::max(z_composed, 1, /*keepdim=*/true);  // a constant: logsumexp's gradient ignores it
        Tensor lse = m + ops::log(ops::sum(ops::exp(z_composed - m), 1, /*keepdim=*/true));
        Tensor composed = -ops::mean(ops::sum(onehot * (z_composed - lse), 1));
        composed.backward();

        EXPECT_NEAR(fused.item(), composed.item(), 1e-13) << "shape (" << n << ", " << c << ")";
        for (std::int64_t i = 0; i < n * c; ++i)
            EXPECT_NEAR(z_fused.grad().at(i), z_composed.grad().at(i), 1e-15) << "index " << i;

        // Soft targets whose rows do not sum to 1 (gradient softmax·Σq − q), both inputs differentiated.
        Tensor q0 = uniform({n, c}, 0.0, 2.0, static_cast<unsigned>(80 + n));
        Tensor zf = z0.clone().requires_grad_(), qf = q0.clone().requires_grad_();
        Tensor fused_q = ops::cross_entropy(zf, qf, Reduction::sum);
        fused_q.backward();
        Tensor zc = z0.clone().requires_grad_(), qc = q0.clone().requires_grad_();
        Tensor mc = ops::max(zc, 1, /*keepdim=*/true);
        Tensor lse_c = mc + ops::log(ops::sum(ops::exp(zc - mc), 1, /*keepdim=*/true));
        Tensor composed_q = -ops::sum(qc * (zc - lse_c));
        composed_q.backward();
        EXPECT_NEAR(fused_q.item(), composed_q.item(), 1e-12);
        for (std::int64_t i = 0; i < n * c; ++i) {
            EXPECT_NEAR(zf.grad().at(i), zc.grad().at(i), 1e-14) << "index " << i;
            EXPECT_NEAR(qf.grad().at(i), qc.grad().at(i), 1e-14) << "index " << i;
        }
    }
}

// mse_loss and se_loss reduced to a scalar run as one node; it must match sub, mul and sum/mean bit for bit.
TEST(Loss, FusedSquaredErrorEqualsComposedForm) {
    for (DType dtype : {DType::f32, DType::f64})
        for (Reduction r : {Reduction::mean, Reduction::sum}) {
            Tensor y0 = uniform({41, 3}, -2, 2, 90, dtype), t0 = uniform({41, 3}, -2, 2, 91, dtype);
            Tensor yf = y0.clone().requires_grad_(), tf = t0.clone().requires_grad_();
            Tensor fused = ops::mse_loss(yf, tf, r);
            ops::scale(fused, 0.7).backward();
            Tensor yc = y0.clone().requires_grad_(), tc = t0.clone().requires_grad_();
            Tensor d = yc - tc;
            Tensor composed = r == Reduction::mean ? ops::mean(d * d) : ops::sum(d * d);
            ops::scale(composed, 0.7).backward();
            EXPECT_EQ(fused.item(), composed.item()) << reduction_name(r) << " " << dtype_name(dtype);
            EXPECT_EQ(yf.grad().to_vector(), yc.grad().to_vector()) << reduction_name(r) << " " << dtype_name(dtype);
            EXPECT_EQ(tf.grad().to_vector(), tc.grad().to_vector()) << reduction_name(r) << " " << dtype_name(dtype);
        }
    Tensor y = uniform({5}, -1, 1, 92), t = uniform({5}, -1, 1, 93);
    EXPECT_EQ(ops::se_loss(y, t).item(), ops::mse_loss(y, t, Reduction::sum).item());
}

// ---- stability ----------------------------------------------------------------------------------

TEST(Loss, CrossEntropyIsFiniteAndRightForHugeLogits) {
    for (DType dtype : {DType::f32, DType::f64}) {
        SCOPED_TRACE(dtype_name(dtype));
        Tensor z = Tensor::from({1e4, 0.0, -1e4, 1e4}, {2, 2}, dtype).requires_grad_();
        const std::int32_t labels[] = {1, 1};  // sample 0 wrong by 1e4, sample 1 right
        auto per_sample = ops::cross_entropy(z, labels, Reduction::none).to_vector();
        EXPECT_DOUBLE_EQ(per_sample[0], 1e4);
        EXPECT_DOUBLE_EQ(per_sample[1], 0.0);
        Tensor loss = ops::cross_entropy(z, labels);
        EXPECT_DOUBLE_EQ(loss.item(), 5e3);
        loss.backward();  // (softmax − onehot)/2 = ((1, −1), (0, 0))/2
        EXPECT_EQ(z.grad().to_vector(), (std::vector<double>{0.5, -0.5, 0.0, 0.0}));

        Tensor zq = Tensor::from({1e4, 0.0, -1e4, 1e4}, {2, 2}, dtype).requires_grad_();
        Tensor q = one_hot_rows(labels, 2, dtype);
        Tensor loss_q = ops::cross_entropy(zq, q);
        EXPECT_DOUBLE_EQ(loss_q.item(), 5e3);
        loss_q.backward();
        EXPECT_EQ(zq.grad().to_vector(), (std::vector<double>{0.5, -0.5, 0.0, 0.0}));
    }
}

TEST(Loss, BceWithLogitsIsFiniteAndRightForHugeLogits) {
    for (DType dtype : {DType::f32, DType::f64}) {
        SCOPED_TRACE(dtype_name(dtype));
        Tensor z = Tensor::from({1e4, -1e4, 1e4, -1e4}, {4}, dtype).requires_grad_();
        Tensor t = Tensor::from({0.0, 1.0, 1.0, 0.0}, {4}, dtype);
        EXPECT_EQ(ops::bce_with_logits_loss(z, t, Reduction::none).to_vector(),
                  (std::vector<double>{1e4, 1e4, 0.0, 0.0}));
        ops::bce_with_logits_loss(z, t, Reduction::sum).backward();  // σ(z) − t
        EXPECT_EQ(z.grad().to_vector(), (std::vector<double>{1.0, -1.0, 0.0, 0.0}));
    }
    // bce_loss on saturated probabilities: the clamp keeps it at 100 and its gradient finite.
    Tensor p = Tensor::from({0.0, 1.0}, {2}, DType::f32).requires_grad_();
    Tensor t = Tensor::from({1.0, 0.0}, {2}, DType::f32);
    EXPECT_EQ(ops::bce_loss(p, t, Reduction::none).to_vector(), (std::vector<double>{100.0, 100.0}));
    ops::bce_loss(p, t).backward();
    for (double g : p.grad().to_vector()) EXPECT_TRUE(std::isfinite(g));
}

TEST(Loss, NanInputsGiveNanWithoutCrashing) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    Tensor z = Tensor::from({nan, 1.0, 0.0, 2.0}, {2, 2}, DType::f64).requires_grad_();
    const std::int32_t labels[] = {0, 1};
    auto ce = ops::cross_entropy(z, labels, Reduction::none).to_vector();
    EXPECT_TRUE(std::isnan(ce[0]));
    EXPECT_NEAR(ce[1], std::log1p(std::exp(-2.0)), 1e-15);  // the other sample is unaffected
    ops::cross_entropy(z, labels).backward();
    EXPECT_TRUE(std::isnan(z.grad().at(0)));
    Tensor q = Tensor::from({0.5, 0.5, nan, 0.5}, {2, 2}, DType::f64);
    EXPECT_TRUE(std::isnan(ops::cross_entropy(z.detach(), q).item()));
    EXPECT_TRUE(std::isnan(ops::kl_div(z.detach(), q).item()));
    EXPECT_TRUE(std::isnan(ops::kl_div(q, Tensor::full({2, 2}, 0.5, DType::f64)).item()));
    Tensor x = Tensor::from({nan, 0.5}, {2}, DType::f64);
    Tensor t = Tensor::from({1.0, 0.0}, {2}, DType::f64);
    EXPECT_TRUE(std::isnan(ops::bce_loss(x, t).item()));
    EXPECT_TRUE(std::isnan(ops::bce_with_logits_loss(x, t).item()));
    EXPECT_TRUE(std::isnan(ops::mse_loss(x, t).item()));
}

// ---- L2 penalties --------------------------------------------------------------------------------

TEST(Loss, L2PenaltyGradientsAreExactlyLambdaOverNTimesWAndTwoLambdaW) {
    for (DType dtype : {DType::f32, DType::f64}) {
        SCOPED_TRACE(dtype_name(dtype));
        const double lambda = 0.1;
        const std::int64_t n = 7;
        std::vector<Tensor> w = {uniform({3, 4}, -1, 1, 80, dtype).requires_grad_(),
                                 uniform({5}, -1, 1, 81, dtype).requires_grad_()};
        Tensor penalty = ops::l2_penalty_mean(w, lambda, n);
        double expected = 0;
        for (const Tensor& wk : w)
            for (double v : wk.to_vector()) expected += v * v;
        EXPECT_NEAR(penalty.item(), lambda / (2.0 * n) * expected, 1e-6 * expected);
        penalty.backward();
        for (const Tensor& wk : w)
            for (std::int64_t i = 0; i < wk.numel(); ++i) {
                if (dtype == DType::f64) {
                    EXPECT_EQ(wk.grad().at(i), lambda / static_cast<double>(n) * wk.at(i));
                } else {
                    float g = static_cast<float>(lambda / static_cast<double>(n)) * static_cast<float>(wk.at(i));
                    EXPECT_EQ(wk.grad().at(i), static_cast<double>(g));
                }
            }

        for (Tensor& wk : w) wk.zero_grad();
        Tensor decay = ops::l2_penalty(w, lambda);
        EXPECT_NEAR(decay.item(), lambda * expected, 1e-6 * expected);
        decay.backward();
        for (const Tensor& wk : w)
            for (std::int64_t i = 0; i < wk.numel(); ++i) {
                if (dtype == DType::f64) {
                    EXPECT_EQ(wk.grad().at(i), 2.0 * lambda * wk.at(i));
                } else {
                    float g = static_cast<float>(2.0 * lambda) * static_cast<float>(wk.at(i));
                    EXPECT_EQ(wk.grad().at(i), static_cast<double>(g));
                }
            }
    }
}

// ---- shapes and errors ---------------------------------------------------------------------------

TEST(Loss, ReductionNoneKeepsElementsOrSamples) {
    Tensor y = uniform({4, 3}, 0.1, 0.9, 90);
    Tensor t = uniform({4, 3}, 0.0, 1.0, 91);
    EXPECT_EQ(ops::mse_loss(y, t, Reduction::none).shape(), (Shape{4, 3}));
    EXPECT_EQ(ops::bce_loss(y, t, Reduction::none).shape(), (Shape{4, 3}));
    EXPECT_EQ(ops::bce_with_logits_loss(y, t, Reduction::none).shape(), (Shape{4, 3}));
    const std::int32_t labels[] = {0, 1, 2, 0};
    EXPECT_EQ(ops::cross_entropy(y, labels, Reduction::none).shape(), (Shape{4}));
    EXPECT_EQ(ops::cross_entropy(y, t, Reduction::none).shape(), (Shape{4}));
    EXPECT_EQ(ops::kl_div(y, t, Reduction::none).shape(), (Shape{4}));
    EXPECT_EQ(ops::cross_entropy(y, labels).shape(), (Shape{}));
    // mean = sum / N for per-sample losses (over samples, not elements).
    EXPECT_NEAR(ops::kl_div(y, t).item() * 4, ops::kl_div(y, t, Reduction::sum).item(), 1e-12);
    EXPECT_NEAR(ops::mse_loss(y, t).item() * 12, ops::mse_loss(y, t, Reduction::sum).item(), 1e-12);
}

TEST(Loss, BadLabelsThrowWithSampleValueAndRange) {
    Tensor z = Tensor::zeros({5, 10});
    const std::int32_t bad[] = {0, 1, 2, 12, 4};
    EXPECT_EQ(error_message([&] { (void)ops::cross_entropy(z, bad); }),
              "cross_entropy: label 12 of sample 3 is out of range [0, 10)");
    EXPECT_THROW((void)ops::cross_entropy(z, bad), ConfigError);
    const std::int32_t negative[] = {0, -1, 2, 3, 4};
    EXPECT_EQ(error_message([&] { (void)ops::cross_entropy(z, negative); }),
              "cross_entropy: label -1 of sample 1 is out of range [0, 10)");
    const std::int32_t four[] = {0, 1, 2, 3};
    EXPECT_THROW((void)ops::cross_entropy(z, four), ShapeError);
    EXPECT_EQ(error_message([&] { (void)ops::cross_entropy(z, four); }),
              "cross_entropy: 4 labels for 5 samples (logits shape (5, 10))");
    EXPECT_THROW((void)ops::cross_entropy(Tensor::zeros({10}), std::span<const std::int32_t>(four, 1)), ShapeError);
}

TEST(Loss, TargetShapeMismatchThrowsWithBothShapes) {
    Tensor y = Tensor::zeros({3, 2});
    Tensor t = Tensor::zeros({3});
    EXPECT_THROW((void)ops::mse_loss(y, t), ShapeError);
    EXPECT_EQ(error_message([&] { (void)ops::mse_loss(y, t); }),
              "mse_loss: input shape (3, 2) and target shape (3,) differ");
    EXPECT_EQ(error_message([&] { (void)ops::se_loss(y, t); }),
              "se_loss: input shape (3, 2) and target shape (3,) differ");
    EXPECT_EQ(error_message([&] { (void)ops::bce_loss(y, t); }),
              "bce_loss: input shape (3, 2) and target shape (3,) differ");
    EXPECT_EQ(error_message([&] { (void)ops::bce_with_logits_loss(y, t); }),
              "bce_with_logits_loss: logits shape (3, 2) and target shape (3,) differ");
    EXPECT_EQ(error_message([&] { (void)ops::cross_entropy(y, Tensor::zeros({3, 3})); }),
              "cross_entropy: logits shape (3, 2) and target shape (3, 3) differ");
    EXPECT_EQ(error_message([&] { (void)ops::kl_div(y, Tensor::zeros({2, 3})); }),
              "kl_div: log_p shape (3, 2) and target shape (2, 3) differ");
    EXPECT_THROW((void)ops::kl_div(y, Tensor::zeros({2, 3})), ShapeError);
    EXPECT_THROW((void)ops::mse_loss(y, Tensor::zeros({3, 2}, DType::f64)), ShapeError);
    EXPECT_EQ(error_message([&] { (void)ops::kl_div(t, t); }), "kl_div: log_p must be (N, C), got shape (3,)");
}

TEST(Loss, L2PenaltyRejectsBadSettings) {
    std::vector<Tensor> w = {Tensor::ones({2, 2})};
    EXPECT_THROW((void)ops::l2_penalty(w, -1.0), ConfigError);
    EXPECT_THROW((void)ops::l2_penalty_mean(w, 0.1, 0), ConfigError);
    EXPECT_THROW((void)ops::l2_penalty(std::span<const Tensor>{}, 0.1), ConfigError);
    EXPECT_EQ(error_message([&] { (void)ops::l2_penalty_mean(w, 0.1, 0); }),
              "l2_penalty_mean: the number of samples must be > 0 (got 0)");
}

TEST(Loss, SameValueWithoutRecording) {
    Tensor z = uniform({3, 4}, -2, 2, 95);
    const std::int32_t labels[] = {3, 0, 1};
    double recorded = ops::cross_entropy(z.clone().requires_grad_(), labels).item();
    NoGradGuard no_grad;
    EXPECT_EQ(ops::cross_entropy(z, labels).item(), recorded);
}

}  // namespace
}  // namespace axon
