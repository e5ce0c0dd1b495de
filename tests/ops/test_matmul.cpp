#include <array>
#include <cmath>

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


// ---- linear + activation ------------------------------------------------------------------------

constexpr std::array kFused = {ops::FusedActivation::relu, ops::FusedActivation::sigmoid, ops::FusedActivation::tanh};

Tensor activate(ops::FusedActivation f, const Tensor& z) {
    switch (f) {
        case ops::FusedActivation::relu: return ops::relu(z);
        case ops::FusedActivation::sigmoid: return ops::sigmoid(z);
        case ops::FusedActivation::tanh: return ops::tanh(z);
    }
    return Tensor();
}

TEST(LinearActivation, GradientsMatchCentralDifferences) {
    for (auto f : kFused) {
        for (auto [n, d, o] : std::vector<std::array<std::int64_t, 3>>{{1, 1, 1}, {3, 4, 2}, {5, 2, 7}}) {
            // relu's kink: keep the pre-activations away from 0 by a bias far from the products' range
            auto x = uniform({n, d}, -1, 1, 11);
            auto w = uniform({o, d}, -0.2, 0.2, 12);
            auto b = test::uniform_away_from_zero({o}, -2, 2, 1.0, 13);
            const std::string name = std::string("linear+") + (f == ops::FusedActivation::relu      ? "relu"
                                                               : f == ops::FusedActivation::sigmoid ? "sigmoid"
                                                                                                    : "tanh");
            EXPECT_TRUE(gradcheck(name, [f](const auto& in) { return ops::linear(in[0], in[1], in[2], f); }, {x, w, b}));
            EXPECT_TRUE(gradcheck(name + " no bias", [f](const auto& in) { return ops::linear(in[0], in[1], Tensor(), f); },
                                  {x, w}));
        }
    }
}

// The fused node must give the values of the two ops it replaces bit for bit, forward and backward, in
// float32 (vectorised tanh and exp) as in float64: Sequential swaps one for the other behind the user's back.
TEST(LinearActivation, EqualsTheComposedOpsBitForBit) {
    for (DType dtype : {DType::f32, DType::f64})
        for (auto f : kFused) {
            auto x0 = uniform({37, 5}, -2, 2, 21, dtype);
            auto w0 = uniform({19, 5}, -1, 1, 22, dtype);
            auto b0 = uniform({19}, -1, 1, 23, dtype);
            auto r = uniform({37, 19}, -1, 1, 24, dtype);  // projects the output onto a scalar

            Tensor xf = x0.clone().requires_grad_(), wf = w0.clone().requires_grad_(), bf = b0.clone().requires_grad_();
            Tensor yf = ops::linear(xf, wf, bf, f);
            ops::sum(yf * r).backward();

            Tensor xc = x0.clone().requires_grad_(), wc = w0.clone().requires_grad_(), bc = b0.clone().requires_grad_();
            Tensor yc = activate(f, ops::linear(xc, wc, bc));
            ops::sum(yc * r).backward();

            EXPECT_EQ(yf.to_vector(), yc.to_vector()) << yf.grad_fn()->name() << " " << dtype_name(dtype);
            EXPECT_EQ(xf.grad().to_vector(), xc.grad().to_vector()) << yf.grad_fn()->name();
            EXPECT_EQ(wf.grad().to_vector(), wc.grad().to_vector()) << yf.grad_fn()->name();
            EXPECT_EQ(bf.grad().to_vector(), bc.grad().to_vector()) << yf.grad_fn()->name();
        }
}

TEST(LinearActivation, HandValuesAndErrors) {
    Tensor x = Tensor::from({1, -2}, {1, 2});
    Tensor w = Tensor::from({1, 1, 1, -1}, {2, 2});
    Tensor b = Tensor::from({0.5, 0}, {2});  // pre-activations: −0.5 and 3
    EXPECT_EQ(ops::linear(x, w, b, ops::FusedActivation::relu).to_vector(), (std::vector<double>{0, 3}));
    EXPECT_NEAR(ops::linear(x, w, b, ops::FusedActivation::tanh).to_vector()[1], std::tanh(3.0), 1e-7);
    EXPECT_NEAR(ops::linear(x, w, b, ops::FusedActivation::sigmoid).to_vector()[0], 1 / (1 + std::exp(0.5)), 1e-7);
    try {
        (void)ops::linear(Tensor::zeros({3, 4}), Tensor::zeros({2, 4}), Tensor::zeros({3}), ops::FusedActivation::tanh);
        FAIL();
    } catch (const ShapeError& e) {
        EXPECT_STREQ(e.what(), "linear: bias shape (3,) does not match 2 outputs (weight shape (2, 4))");
    }
}

// A Linear layer followed by relu, sigmoid or tanh runs as one node inside Sequential; any other layer,
// and a subclass of either (whose forward may do more), runs as it is.
struct CountingLinear : Linear {
    using Linear::Linear;
    int calls = 0;
    Tensor forward(const Tensor& x) override {
        ++calls;
        return Linear::forward(x);
    }
};

TEST(LinearActivation, SequentialFusesOnlyTheExactLayers) {
    Tensor x = uniform({4, 3}, -1, 1, 31, DType::f32);
    Sequential net;
    net.emplace<Linear>(3, 5).emplace<Activation>("tanh").emplace<Linear>(5, 2).emplace<Activation>("sigmoid");
    Tensor y = net(x.clone().requires_grad_());
    EXPECT_EQ(y.grad_fn()->name(), "linear+sigmoid");
    EXPECT_EQ(y.grad_fn()->inputs().size(), 3u);  // x, w, b: the tanh layer is inside the first node

    Sequential hidden;
    hidden.emplace<Linear>(3, 5).emplace<Activation>("tanh");
    EXPECT_EQ(hidden(x).grad_fn()->name(), "linear+tanh");

    Sequential softmax_head;
    softmax_head.emplace<Linear>(3, 2).emplace<Activation>("softmax");
    EXPECT_EQ(softmax_head(x).grad_fn()->name(), "softmax");

    Sequential custom;
    auto counting = std::make_shared<CountingLinear>(3, 2);
    custom.add(counting).emplace<Activation>("relu");
    EXPECT_EQ(custom(x).grad_fn()->name(), "relu");
    EXPECT_EQ(counting->calls, 1);
}

}  // namespace
}  // namespace axon
