// Activations: gradient checks, reference values (worked by hand or computed with PyTorch 2 in
// float64), stability at ±1e4, float32 vs float64 agreement, and the Activation layer.
#include <cmath>
#include <limits>

#include "support/gradcheck.hpp"

namespace axon {
namespace {

using test::gradcheck;
using test::uniform;
using test::uniform_away_from_zero;

struct NamedOp {
    const char* name;
    std::function<Tensor(const Tensor&)> f;
};

// Every elementwise activation, with non-default parameters where they exist.
std::vector<NamedOp> elementwise_ops() {
    return {
        {"identity", [](const Tensor& x) { return ops::identity(x); }},
        {"sigmoid", [](const Tensor& x) { return ops::sigmoid(x); }},
        {"tanh", [](const Tensor& x) { return ops::tanh(x); }},
        {"relu", [](const Tensor& x) { return ops::relu(x); }},
        {"leaky_relu", [](const Tensor& x) { return ops::leaky_relu(x); }},
        {"leaky_relu 0.2", [](const Tensor& x) { return ops::leaky_relu(x, 0.2); }},
        {"elu", [](const Tensor& x) { return ops::elu(x); }},
        {"elu 0.5", [](const Tensor& x) { return ops::elu(x, 0.5); }},
        {"gelu", [](const Tensor& x) { return ops::gelu(x); }},
        {"gelu tanh", [](const Tensor& x) { return ops::gelu(x, ops::GeluApproximation::tanh); }},
    };
}

void expect_values_near(const Tensor& y, const std::vector<double>& expected, double tol, const std::string& what) {
    ASSERT_EQ(y.numel(), static_cast<std::int64_t>(expected.size())) << what;
    for (std::size_t i = 0; i < expected.size(); ++i)
        EXPECT_NEAR(y.at(static_cast<std::int64_t>(i)), expected[i], tol) << what << " index " << i;
}

void expect_all_finite(const Tensor& y, const std::string& what) {
    for (std::int64_t i = 0; i < y.numel(); ++i) EXPECT_TRUE(std::isfinite(y.at(i))) << what << " index " << i;
}

// ---- gradient checks ----------------------------------------------------------------------

TEST(Activation, ElementwiseGradientsMatchCentralDifferences) {
    const std::vector<Shape> shapes = {{7}, {3, 4}, {2, 3, 4}};
    unsigned seed = 10;
    for (const auto& shape : shapes) {
        // |x| ≥ 0.1 keeps relu, leaky_relu and elu away from their kink at 0.
        auto x = uniform_away_from_zero(shape, -3, 3, 0.1, seed++);
        for (const auto& op : elementwise_ops())
            EXPECT_TRUE(gradcheck(op.name, [&op](const auto& in) { return op.f(in[0]); }, {x}))
                << op.name << " " << shape_str(shape);
    }
}

TEST(Activation, SoftmaxGradientsMatchCentralDifferencesOnEveryAxis) {
    unsigned seed = 20;
    auto v = uniform({5}, -2, 2, seed++);
    EXPECT_TRUE(gradcheck("softmax 1-D", [](const auto& in) { return ops::softmax(in[0]); }, {v}));
    EXPECT_TRUE(gradcheck("log_softmax 1-D", [](const auto& in) { return ops::log_softmax(in[0], 0); }, {v}));
    auto m = uniform({3, 4}, -2, 2, seed++);
    for (int axis : {0, 1, -1, -2}) {
        EXPECT_TRUE(gradcheck("softmax (3, 4)", [axis](const auto& in) { return ops::softmax(in[0], axis); }, {m}))
            << "axis " << axis;
        EXPECT_TRUE(gradcheck("log_softmax (3, 4)", [axis](const auto& in) { return ops::log_softmax(in[0], axis); },
                              {m}))
            << "axis " << axis;
    }
    auto t = uniform({2, 3, 4}, -2, 2, seed++);
    for (int axis : {0, 1, 2, -1}) {
        EXPECT_TRUE(gradcheck("softmax (2, 3, 4)", [axis](const auto& in) { return ops::softmax(in[0], axis); }, {t}))
            << "axis " << axis;
        EXPECT_TRUE(gradcheck("log_softmax (2, 3, 4)",
                              [axis](const auto& in) { return ops::log_softmax(in[0], axis); }, {t}))
            << "axis " << axis;
    }
}

TEST(Activation, SoftmaxBackwardMatchesComposedOps) {
    // The fused backward against softmax written with exp, sum and div: same gradient.
    auto x = uniform({3, 5}, -2, 2, 30);
    auto r = uniform({3, 5}, -1, 1, 31);
    Tensor a = x.clone().requires_grad_();
    ops::sum(ops::softmax(a, 1) * r).backward();
    Tensor b = x.clone().requires_grad_();
    Tensor e = ops::exp(b);
    ops::sum(e / ops::sum(e, 1, true) * r).backward();
    expect_values_near(a.grad(), b.grad().to_vector(), 1e-12, "softmax vs composed");

    Tensor c = x.clone().requires_grad_();
    ops::sum(ops::log_softmax(c, 1) * r).backward();
    Tensor d = x.clone().requires_grad_();
    ops::sum((d - ops::log(ops::sum(ops::exp(d), 1, true))) * r).backward();
    expect_values_near(c.grad(), d.grad().to_vector(), 1e-12, "log_softmax vs composed");
}

TEST(Activation, StepHasZeroGradientAndIdentityPassesItThrough) {
    Tensor x = Tensor::from({-1.0, 0.0, 2.0}, {3}, DType::f64).requires_grad_();
    Tensor y = ops::step(x);
    ASSERT_TRUE(y.requires_grad());  // recorded, so backward reaches x with zeros rather than failing
    ops::sum(y * 3.0).backward();
    expect_values_near(x.grad(), {0, 0, 0}, 0, "step gradient");

    Tensor z = Tensor::from({-1.0, 0.0, 2.0}, {3}, DType::f64).requires_grad_();
    Tensor w = ops::identity(z);
    EXPECT_FALSE(w.same_as(z));
    ops::sum(w * Tensor::from({1.0, 2.0, 3.0}, {3}, DType::f64)).backward();
    expect_values_near(z.grad(), {1, 2, 3}, 0, "identity gradient");
}

TEST(Activation, DerivativesAtKinksFollowPyTorch) {
    // At x = 0 PyTorch takes relu' = 0, leaky_relu' = α, elu' = α; away from it, 1 for x > 0.
    auto grad_at = [](double v, auto f) {
        Tensor x = Tensor::from({v}, {1}, DType::f64).requires_grad_();
        ops::sum(f(x)).backward();
        return x.grad().item();
    };
    EXPECT_EQ(grad_at(0.0, [](const Tensor& x) { return ops::relu(x); }), 0.0);
    EXPECT_EQ(grad_at(0.0, [](const Tensor& x) { return ops::leaky_relu(x); }), 0.01);
    EXPECT_EQ(grad_at(0.0, [](const Tensor& x) { return ops::leaky_relu(x, 0.2); }), 0.2);
    EXPECT_EQ(grad_at(0.0, [](const Tensor& x) { return ops::elu(x); }), 1.0);
    EXPECT_EQ(grad_at(0.0, [](const Tensor& x) { return ops::elu(x, 0.5); }), 0.5);
    EXPECT_EQ(grad_at(0.0, [](const Tensor& x) { return ops::step(x); }), 0.0);
    EXPECT_EQ(grad_at(-2.0, [](const Tensor& x) { return ops::relu(x); }), 0.0);
    EXPECT_EQ(grad_at(1e-300, [](const Tensor& x) { return ops::relu(x); }), 1.0);
    EXPECT_DOUBLE_EQ(grad_at(-2.0, [](const Tensor& x) { return ops::leaky_relu(x); }), 0.01);
    EXPECT_NEAR(grad_at(-2.0, [](const Tensor& x) { return ops::elu(x); }), std::exp(-2.0), 1e-15);
}

// ---- reference values ---------------------------------------------------------------------

const std::vector<double> kPoints = {-3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 3.0};

TEST(Activation, HandValues) {
    for (DType dtype : {DType::f64, DType::f32}) {
        const double tol = dtype == DType::f64 ? 1e-15 : 1e-7;
        Tensor x = Tensor::from({-2.0, -0.0, 0.0, 0.5, 3.0}, {5}, dtype);
        expect_values_near(ops::identity(x), {-2, 0, 0, 0.5, 3}, 0, "identity");
        expect_values_near(ops::step(x), {0, 0, 0, 1, 1}, 0, "step");
        expect_values_near(ops::relu(x), {0, 0, 0, 0.5, 3}, 0, "relu");
        expect_values_near(ops::leaky_relu(x), {-0.02, 0, 0, 0.5, 3}, tol, "leaky_relu");
        EXPECT_EQ(ops::sigmoid(Tensor::scalar(0.0, dtype)).item(), 0.5);
        EXPECT_NEAR(ops::sigmoid(Tensor::scalar(std::log(3.0), dtype)).item(), 0.75, tol);  // 1/(1 + 1/3)
        EXPECT_NEAR(ops::sigmoid(Tensor::scalar(-std::log(3.0), dtype)).item(), 0.25, tol);
        EXPECT_NEAR(ops::elu(Tensor::scalar(-std::log(2.0), dtype)).item(), -0.5, tol);  // e^−ln2 − 1
        EXPECT_NEAR(ops::gelu(Tensor::scalar(1.0, dtype)).item(), 0.8413447460685429, tol);  // Φ(1)
        EXPECT_EQ(ops::gelu(Tensor::scalar(0.0, dtype)).item(), 0.0);
        expect_values_near(ops::softmax(Tensor::from({1.0, 2.0, 3.0}, {3}, dtype)),
                           {1 / (1 + std::exp(1.0) + std::exp(2.0)), std::exp(1.0) / (1 + std::exp(1.0) + std::exp(2.0)),
                            std::exp(2.0) / (1 + std::exp(1.0) + std::exp(2.0))},
                           tol, "softmax [1, 2, 3]");
        const double lse = std::log(std::exp(1.0) + std::exp(2.0) + std::exp(3.0));
        expect_values_near(ops::log_softmax(Tensor::from({1.0, 2.0, 3.0}, {3}, dtype)), {1 - lse, 2 - lse, 3 - lse},
                           4 * tol, "log_softmax [1, 2, 3]");
        // Equal logits give the uniform distribution; a shift of every logit changes nothing.
        expect_values_near(ops::softmax(Tensor::full({4}, 7.5, dtype)), {0.25, 0.25, 0.25, 0.25}, tol, "uniform");
        expect_values_near(ops::softmax(Tensor::from({101.0, 102.0, 103.0}, {3}, dtype)),
                           ops::softmax(Tensor::from({1.0, 2.0, 3.0}, {3}, DType::f64)).to_vector(), tol, "shifted");
    }
}

TEST(Activation, MatchesPyTorchReferenceValues) {
    // torch 2, float64, on kPoints: F.sigmoid, tanh, relu, leaky_relu, leaky_relu(0.2), elu, elu(alpha=0.5),
    // gelu, gelu(approximate='tanh').
    Tensor x = Tensor::from(std::span<const double>(kPoints), {7});
    struct Case {
        const char* name;
        Tensor y;
        std::vector<double> expected;
    };
    const std::vector<Case> cases = {
        {"sigmoid", ops::sigmoid(x),
         {0.04742587317756678, 0.2689414213699951, 0.3775406687981454, 0.5, 0.6224593312018546, 0.7310585786300049,
          0.9525741268224334}},
        {"tanh", ops::tanh(x),
         {-0.9950547536867305, -0.7615941559557649, -0.46211715726000974, 0.0, 0.46211715726000974,
          0.7615941559557649, 0.9950547536867305}},
        {"relu", ops::relu(x), {0.0, 0.0, 0.0, 0.0, 0.5, 1.0, 3.0}},
        {"leaky_relu", ops::leaky_relu(x), {-0.03, -0.01, -0.005, 0.0, 0.5, 1.0, 3.0}},
        {"leaky_relu 0.2", ops::leaky_relu(x, 0.2), {-0.6, -0.2, -0.1, 0.0, 0.5, 1.0, 3.0}},
        {"elu", ops::elu(x), {-0.950212931632136, -0.6321205588285577, -0.3934693402873666, 0.0, 0.5, 1.0, 3.0}},
        {"elu 0.5", ops::elu(x, 0.5),
         {-0.475106465816068, -0.31606027941427883, -0.1967346701436833, 0.0, 0.5, 1.0, 3.0}},
        {"gelu", ops::gelu(x),
         {-0.00404969409489031, -0.15865525393145702, -0.15426876936299344, 0.0, 0.34573123063700656,
          0.841344746068543, 2.99595030590511}},
        {"gelu tanh", ops::gelu(x, ops::GeluApproximation::tanh),
         {-0.0036373920817729943, -0.15880800939172324, -0.15428599017485606, 0.0, 0.34571400982514394,
          0.8411919906082768, 2.996362607918227}},
    };
    for (const auto& c : cases) expect_values_near(c.y, c.expected, 1e-14, c.name);
}

TEST(Activation, GeluDerivativesMatchPyTorch) {
    // torch 2, float64: autograd of F.gelu(z).sum() and F.gelu(z, approximate='tanh').sum().
    auto grad_of = [](ops::GeluApproximation approximation) {
        Tensor z = Tensor::from({-3.0, -1.0, 0.5, 2.0}, {4}, DType::f64).requires_grad_();
        ops::sum(ops::gelu(z, approximation)).backward();
        return z.grad();
    };
    expect_values_near(grad_of(ops::GeluApproximation::none),
                       {-0.01194564720418392, -0.08331547058768635, 0.8674951246561629, 1.085231801078197}, 1e-14,
                       "gelu'");
    expect_values_near(grad_of(ops::GeluApproximation::tanh),
                       {-0.011584166630969648, -0.08296408384578252, 0.8673699035346424, 1.0860992566236183}, 1e-14,
                       "gelu tanh'");
}

TEST(Activation, TanhEqualsTwoSigmoidOfTwoXMinusOne) {
    // The identity of note 003: tanh(x) = 2σ(2x) − 1.
    auto x = uniform({50}, -6, 6, 40);
    Tensor lhs = ops::tanh(x);
    Tensor rhs = ops::sigmoid(x * 2.0) * 2.0 - 1.0;
    expect_values_near(lhs, rhs.to_vector(), 1e-15, "tanh vs 2σ(2x) − 1");
}

TEST(Activation, SigmoidDerivativeIsSigmaTimesOneMinusSigma) {
    auto x = uniform({20}, -5, 5, 41);
    Tensor leaf = x.clone().requires_grad_();
    ops::sum(ops::sigmoid(leaf)).backward();
    Tensor s = ops::sigmoid(x);
    for (std::int64_t i = 0; i < 20; ++i) EXPECT_NEAR(leaf.grad().at(i), s.at(i) * (1 - s.at(i)), 1e-16);
}

TEST(Activation, SoftmaxRowsSumToOneAlongTheChosenAxis) {
    auto x = uniform({2, 3, 4}, -3, 3, 42);
    for (int axis : {0, 1, 2, -1, -3}) {
        Tensor total = ops::sum(ops::softmax(x, axis), axis);
        for (std::int64_t i = 0; i < total.numel(); ++i) EXPECT_NEAR(total.at(i), 1.0, 1e-15) << "axis " << axis;
        // log_softmax is the log of softmax on the same axis.
        expect_values_near(ops::exp(ops::log_softmax(x, axis)), ops::softmax(x, axis).to_vector(), 1e-15,
                           "exp(log_softmax) axis " + std::to_string(axis));
    }
    // Axis 0 of (2, 3, 4): element (0, 1, 2) against a hand-written softmax over x[:, 1, 2].
    const double a = x.at(0 * 12 + 1 * 4 + 2), b = x.at(1 * 12 + 1 * 4 + 2);
    EXPECT_NEAR(ops::softmax(x, 0).at(0 * 12 + 1 * 4 + 2), std::exp(a) / (std::exp(a) + std::exp(b)), 1e-15);
    // A 0-d tensor is one row of one element, as in PyTorch.
    EXPECT_EQ(ops::softmax(Tensor::scalar(3.0), -1).item(), 1.0);
    EXPECT_EQ(ops::log_softmax(Tensor::scalar(3.0), 0).item(), 0.0);
}

TEST(Activation, SoftmaxAxisOutOfRangeNamesOpAndShape) {
    Tensor x = Tensor::zeros({2, 3});
    try {
        (void)ops::softmax(x, 2);
        FAIL() << "expected ShapeError";
    } catch (const ShapeError& e) {
        EXPECT_STREQ(e.what(), "softmax: axis 2 out of range for shape (2, 3)");
    }
    EXPECT_THROW((void)ops::log_softmax(x, -3), ShapeError);
}

// ---- stability ----------------------------------------------------------------------------

TEST(Activation, StableForLogitsOfPlusMinus1e4) {
    for (DType dtype : {DType::f32, DType::f64}) {
        const std::string dt = dtype_name(dtype);
        Tensor big = Tensor::from({1e4, -1e4, 0.0, 1e4, -1e4, -1e4}, {2, 3}, dtype);
        Tensor s = ops::sigmoid(big);
        expect_all_finite(s, "sigmoid " + dt);
        expect_values_near(s, {1, 0, 0.5, 1, 0, 0}, 0, "sigmoid ±1e4 " + dt);
        for (int axis : {0, 1}) {
            Tensor p = ops::softmax(big, axis);
            Tensor lp = ops::log_softmax(big, axis);
            expect_all_finite(p, "softmax " + dt);
            expect_all_finite(lp, "log_softmax " + dt);
        }
        expect_values_near(ops::softmax(big, 1), {1, 0, 0, 1, 0, 0}, 0, "softmax ±1e4 " + dt);
        expect_values_near(ops::softmax(big, 0), {0.5, 0.5, 1, 0.5, 0.5, 0}, 0, "softmax ±1e4 axis 0 " + dt);
        expect_values_near(ops::log_softmax(Tensor::from({1e4, 0.0}, {2}, dtype)), {0, -1e4}, 1e-12,
                           "log_softmax([1e4, 0]) " + dt);
        expect_values_near(ops::log_softmax(Tensor::from({-1e4, 1e4}, {2}, dtype)), {-2e4, 0}, 1e-12,
                           "log_softmax([-1e4, 1e4]) " + dt);
        for (const auto& op : elementwise_ops()) expect_all_finite(op.f(big), std::string(op.name) + " " + dt);
        expect_values_near(ops::tanh(big), {1, -1, 0, 1, -1, -1}, 0, "tanh ±1e4 " + dt);
        expect_values_near(ops::gelu(big), {1e4, 0, 0, 1e4, 0, 0}, 0, "gelu ±1e4 " + dt);

        // Gradients through the same inputs stay finite too.
        Tensor leaf = big.clone().requires_grad_();
        ops::sum(ops::sigmoid(leaf) + ops::softmax(leaf, 1) + ops::log_softmax(leaf, 0) +
                 ops::gelu(leaf, ops::GeluApproximation::tanh) + ops::elu(leaf))
            .backward();
        expect_all_finite(leaf.grad(), "gradients at ±1e4 " + dt);
    }
}

TEST(Activation, SaturatedSigmoidKeepsRelativePrecision) {
    // σ(−30) = e^−30 / (1 + e^−30) ≈ 9.357622968839e−14: the two-branch form keeps every digit
    // (1 − σ(30) computed as a difference would keep none in float).
    EXPECT_NEAR(ops::sigmoid(Tensor::scalar(-30.0, DType::f64)).item() / 9.3576229688392989e-14, 1.0, 1e-14);
    EXPECT_NEAR(ops::sigmoid(Tensor::scalar(-30.0, DType::f32)).item() / 9.3576229688392989e-14, 1.0, 1e-6);
    // gelu for x ≪ 0: x·Φ(x) with Φ from erfc stays accurate where 1 + erf(x/√2) cancels.
    // Φ(−6) = 9.865876450376981e−10 (normal CDF tables).
    EXPECT_NEAR(ops::gelu(Tensor::scalar(-6.0, DType::f64)).item() / (-6 * 9.865876450376981e-10), 1.0, 1e-13);
}

TEST(Activation, LogSoftmaxNearZeroKeepsRelativePrecision) {
    // log_softmax([0, −z])[0] = −log1p(e^−z). Rounding 1 + e^−z first (log of the sum) would leave
    // ~1e-3 relative error in float32 at z = 10 (PyTorch 2 gives −4.5418e-05) and ~1e-7 in float64 at z = 20.
    EXPECT_NEAR(ops::log_softmax(Tensor::from({0.0, -10.0}, {2}, DType::f32)).at(0) / -4.539889921686465e-05, 1.0,
                1e-6);
    EXPECT_NEAR(ops::log_softmax(Tensor::from({-20.0, 0.0}, {2}, DType::f64)).at(1) / -2.061153620314381e-09, 1.0,
                1e-14);
}

TEST(Activation, Float32AgreesWithFloat64) {
    // Random inputs, one rounding apart: the float32 forward is within 1e-6 relative of float64.
    Tensor x32 = uniform({4, 25}, -5, 5, 50, DType::f32);
    Tensor x64 = x32.to(DType::f64);  // exactly the float32 values
    std::vector<NamedOp> ops_all = elementwise_ops();
    ops_all.push_back({"step", [](const Tensor& x) { return ops::step(x); }});
    ops_all.push_back({"softmax", [](const Tensor& x) { return ops::softmax(x, -1); }});
    ops_all.push_back({"softmax axis 0", [](const Tensor& x) { return ops::softmax(x, 0); }});
    ops_all.push_back({"log_softmax", [](const Tensor& x) { return ops::log_softmax(x, -1); }});
    ops_all.push_back({"log_softmax axis 0", [](const Tensor& x) { return ops::log_softmax(x, 0); }});
    for (const auto& op : ops_all) {
        Tensor y32 = op.f(x32);
        Tensor y64 = op.f(x64);
        ASSERT_EQ(y32.dtype(), DType::f32) << op.name;
        ASSERT_EQ(y64.dtype(), DType::f64) << op.name;
        for (std::int64_t i = 0; i < y64.numel(); ++i) {
            const double ref = y64.at(i);
            EXPECT_LE(std::abs(y32.at(i) - ref), 1e-6 * std::abs(ref))
                << op.name << " index " << i << " x = " << x64.at(i) << ": float32 " << y32.at(i) << " vs float64 "
                << ref;
        }
    }
}

// ---- the Activation layer -----------------------------------------------------------------

TEST(ActivationLayer, EveryNameRunsItsOp) {
    Tensor x = uniform_away_from_zero({3, 4}, -2, 2, 0.1, 60);
    const std::vector<std::pair<std::string, NamedOp>> expected = {
        {"identity", {"identity", [](const Tensor& v) { return ops::identity(v); }}},
        {"step", {"step", [](const Tensor& v) { return ops::step(v); }}},
        {"sigmoid", {"sigmoid", [](const Tensor& v) { return ops::sigmoid(v); }}},
        {"tanh", {"tanh", [](const Tensor& v) { return ops::tanh(v); }}},
        {"relu", {"relu", [](const Tensor& v) { return ops::relu(v); }}},
        {"leaky_relu", {"leaky_relu", [](const Tensor& v) { return ops::leaky_relu(v, 0.01); }}},
        {"elu", {"elu", [](const Tensor& v) { return ops::elu(v, 1.0); }}},
        {"gelu", {"gelu", [](const Tensor& v) { return ops::gelu(v); }}},
        {"gelu_tanh", {"gelu_tanh", [](const Tensor& v) { return ops::gelu(v, ops::GeluApproximation::tanh); }}},
        {"softmax", {"softmax", [](const Tensor& v) { return ops::softmax(v, -1); }}},
        {"log_softmax", {"log_softmax", [](const Tensor& v) { return ops::log_softmax(v, -1); }}},
    };
    ASSERT_EQ(Activation::names().size(), expected.size());
    for (const auto& [name, op] : expected) {
        Activation layer(name);
        EXPECT_EQ(layer.name(), name);
        EXPECT_TRUE(layer.parameters().empty()) << name;
        Tensor y = layer(x);
        EXPECT_EQ(y.shape(), x.shape()) << name;
        EXPECT_EQ(y.to_vector(), op.f(x).to_vector()) << name;
        // Gradients flow through the layer (zeros for step).
        Tensor leaf = x.clone().requires_grad_();
        ops::sum(layer(leaf) * x).backward();
        ASSERT_TRUE(leaf.grad().defined()) << name;
    }
    // Layer names differ from each other in their outputs (the table is not wired to one op).
    EXPECT_NE(Activation("gelu")(x).to_vector(), Activation("gelu_tanh")(x).to_vector());
    EXPECT_NE(Activation("softmax")(x).to_vector(), Activation("log_softmax")(x).to_vector());
}

TEST(ActivationLayer, AlphaDefaultsAndOverrides) {
    EXPECT_EQ(Activation("leaky_relu").alpha(), 0.01);
    EXPECT_EQ(Activation("elu").alpha(), 1.0);
    EXPECT_EQ(Activation("leaky_relu", 0.2).describe(), "leaky_relu(alpha=0.2)");
    Tensor x = Tensor::from({-1.0, 2.0}, {2}, DType::f64);
    expect_values_near(Activation("leaky_relu", 0.2)(x), {-0.2, 2.0}, 1e-15, "leaky_relu layer 0.2");
    expect_values_near(Activation("elu", 0.5)(x), {0.5 * std::expm1(-1.0), 2.0}, 1e-15, "elu layer 0.5");
}

TEST(ActivationLayer, UnknownNameThrowsConfigError) {
    try {
        Activation layer("swish");
        FAIL() << "expected ConfigError";
    } catch (const ConfigError& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("unknown activation 'swish'"), std::string::npos) << message;
        EXPECT_NE(message.find("gelu_tanh"), std::string::npos) << message;  // lists the known names
    }
    EXPECT_THROW(Activation("ReLU"), ConfigError);  // names are case-sensitive
    EXPECT_THROW(Activation(""), ConfigError);
}

}  // namespace
}  // namespace axon
