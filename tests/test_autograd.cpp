#include "support/gradcheck.hpp"

namespace axon {
namespace {

TEST(Autograd, GradientsAccumulateAcrossBackwardCallsUntilZeroed) {
    Tensor w = Tensor::from({2.0}, {1}, DType::f64).requires_grad_();
    ops::sum(w * w).backward();
    EXPECT_DOUBLE_EQ(w.grad().item(), 4.0);
    ops::sum(w * w).backward();
    EXPECT_DOUBLE_EQ(w.grad().item(), 8.0);
    w.zero_grad();
    EXPECT_FALSE(w.grad().defined());
    ops::sum(w * 3.0).backward();
    EXPECT_DOUBLE_EQ(w.grad().item(), 3.0);
}

// zero_grad() hands the buffer to the next backward, which reuses it only when nobody else can see it.
TEST(Autograd, ZeroGradReusesTheBufferOnlyWhenNobodyHoldsIt) {
    Tensor w = Tensor::from({2.0, -1.0}, {2}, DType::f64).requires_grad_();
    ops::sum(w * w).backward();
    const void* first = w.grad().raw_data();
    w.zero_grad();
    ops::sum(w * 3.0).backward();
    EXPECT_EQ(w.grad().raw_data(), first);  // the same block, zeroed before accumulating
    EXPECT_EQ(w.grad().to_vector(), (std::vector<double>{3.0, 3.0}));

    Tensor kept = w.grad();  // a handle the caller keeps: its values must survive the next step
    w.zero_grad();
    ops::sum(w * w).backward();
    EXPECT_NE(w.grad().raw_data(), kept.raw_data());
    EXPECT_EQ(kept.to_vector(), (std::vector<double>{3.0, 3.0}));
    EXPECT_EQ(w.grad().to_vector(), (std::vector<double>{4.0, -2.0}));

    Tensor view = w.grad().detach();  // another tensor on the same storage counts as a holder too
    w.zero_grad();
    ops::sum(w * 5.0).backward();
    EXPECT_EQ(view.to_vector(), (std::vector<double>{4.0, -2.0}));
    EXPECT_EQ(w.grad().to_vector(), (std::vector<double>{5.0, 5.0}));
}

// The nodes of a training step write their first gradient into a buffer instead of adding it to zeros
// (Node::backward_into); a buffer that already holds a gradient is added to. Each case is compared with
// the same function built from ops that only add (matmul, transpose, sum), in float64.
TEST(Autograd, FirstGradientsAreAssignedAndLaterOnesAdded) {
    const Tensor x = test::uniform({5, 4}, -1, 1, 1), t = test::uniform({5, 4}, -1, 1, 2);
    Tensor w = test::uniform({4, 4}, -1, 1, 3).requires_grad_(), b = test::uniform({4}, -1, 1, 4).requires_grad_();
    // w and b used by two linear nodes (the second adds), and the same x twice in one node (w·w below).
    auto fused = [&] {
        Tensor h = ops::linear(x, w, b, ops::FusedActivation::tanh);
        return ops::mse_loss(ops::linear(h, w, b), t) + ops::mse_loss(ops::linear(w, w), ops::slice(t, 0, 0, 4));
    };
    auto composed = [&] {
        auto lin = [](const Tensor& in, const Tensor& weight) { return ops::matmul(in, ops::transpose(weight)); };
        Tensor h = ops::tanh(lin(x, w) + b);
        Tensor d1 = lin(h, w) + b - t, d2 = lin(w, w) - ops::slice(t, 0, 0, 4);
        return ops::sum(d1 * d1) * (1.0 / 20) + ops::sum(d2 * d2) * (1.0 / 16);
    };
    composed().backward();
    const auto want_w = w.grad().to_vector(), want_b = b.grad().to_vector();
    w.zero_grad(), b.zero_grad();
    fused().backward();  // new buffers: assigned (w's and b's first terms), then added
    for (std::size_t i = 0; i < want_w.size(); ++i) EXPECT_NEAR(w.grad().to_vector()[i], want_w[i], 1e-12) << i;
    for (std::size_t i = 0; i < want_b.size(); ++i) EXPECT_NEAR(b.grad().to_vector()[i], want_b[i], 1e-12) << i;

    const void* buffer = w.grad().raw_data();
    w.zero_grad(), b.zero_grad();
    fused().backward();  // zero_grad's buffers come back holding the last gradient: assigned over, not added to
    EXPECT_EQ(w.grad().raw_data(), buffer);
    for (std::size_t i = 0; i < want_w.size(); ++i) EXPECT_NEAR(w.grad().to_vector()[i], want_w[i], 1e-12) << i;
    fused().backward();  // without zero_grad: the gradients add up
    for (std::size_t i = 0; i < want_b.size(); ++i) EXPECT_NEAR(b.grad().to_vector()[i], 2 * want_b[i], 1e-12) << i;
}

TEST(Autograd, NoGradRecordsNothing) {
    Tensor w = Tensor::ones({3}).requires_grad_();
    NoGradGuard guard;
    Tensor y = w * w;
    EXPECT_FALSE(y.requires_grad());
    EXPECT_EQ(y.grad_fn(), nullptr);
}

TEST(Autograd, GraphIsReleasedAfterBackward) {
    Tensor w = Tensor::ones({3}).requires_grad_();
    Tensor loss = ops::sum(w * w);
    std::weak_ptr<Node> node = loss.grad_fn();
    EXPECT_FALSE(node.expired());
    loss.backward();
    EXPECT_TRUE(node.expired());
    EXPECT_THROW(loss.backward(), Error);
}

TEST(Autograd, DiamondGraphSumsBothBranches) {
    // y = exp(x); z = y·y + y  → dz/dx = (2y + 1)·y
    Tensor x = Tensor::from({0.3, -0.7}, {2}, DType::f64).requires_grad_();
    Tensor y = ops::exp(x);
    ops::sum(y * y + y).backward();
    for (std::int64_t i = 0; i < 2; ++i) {
        double e = std::exp(x.at(i));
        EXPECT_NEAR(x.grad().at(i), (2 * e + 1) * e, 1e-12);
    }
}

TEST(Autograd, BackwardNeedsAScalar) {
    Tensor w = Tensor::ones({3}).requires_grad_();
    EXPECT_THROW((w * w).backward(), ShapeError);
}

TEST(Autograd, InputsWithoutGradGetNone) {
    Tensor w = Tensor::ones({3}).requires_grad_();
    Tensor c = Tensor::full({3}, 2.0);
    ops::sum(w * c).backward();
    EXPECT_FALSE(c.grad().defined());
    EXPECT_EQ(w.grad().to_vector(), (std::vector<double>{2, 2, 2}));
}

}  // namespace
}  // namespace axon
