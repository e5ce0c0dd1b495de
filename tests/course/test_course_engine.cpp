// The course's first exercises, run on the engine alone (issue 2): notes 000, 003 and 004.
#include <cmath>

#include "support/gradcheck.hpp"

namespace axon {
namespace {

// Note 000's training set: (x1, x2) → y, separable by a line through the origin.
Tensor four_points_x() { return Tensor::from({2, 1, 0, -2, -2, 1, 0, 2}, {4, 2}, DType::f64); }
Tensor four_points_y() { return Tensor::from({1, 1, 0, 0}, {4, 1}, DType::f64); }

TEST(Course000, PerceptronWithoutBiasSeparatesFourPointsAndItsCostHasNoMinimum) {
    Linear perceptron(2, 1, /*bias=*/false, DType::f64);
    perceptron.weight().fill_(0.0);
    GradientDescent gd(perceptron.parameters(), 0.5);
    Tensor x = four_points_x(), t = four_points_y();
    double previous_cost = INFINITY, previous_norm = 0;
    for (int checkpoint = 0; checkpoint < 8; ++checkpoint) {
        for (int i = 0; i < 250; ++i) {
            gd.zero_grad();
            ops::bce_loss(ops::sigmoid(perceptron(x)), t).backward();
            gd.step();
        }
        NoGradGuard no_grad;
        double cost = ops::bce_loss(ops::sigmoid(perceptron(x)), t).item();
        double norm = std::sqrt(ops::sum(ops::pow(perceptron.weight(), 2)).item());
        EXPECT_LT(cost, previous_cost) << "the logistic cost must keep falling (checkpoint " << checkpoint << ")";
        EXPECT_GT(norm, previous_norm) << "‖w‖ must keep growing (checkpoint " << checkpoint << ")";
        EXPECT_GT(cost, 0.0);
        previous_cost = cost;
        previous_norm = norm;
    }
    EXPECT_LT(previous_cost, 0.02);
    NoGradGuard no_grad;
    Tensor z = perceptron(x);
    for (std::int64_t i = 0; i < 4; ++i) EXPECT_EQ(z.at(i) > 0, t.at(i) == 1) << "point " << i;
}

// f(x, y) = 1.5x² + y² + 2 by gradient descent on (x, y), differentiated by the engine (note 003).
struct Descent {
    std::vector<std::pair<double, double>> path;
    double f_final;
};
Descent descend_paraboloid(double lr, int steps) {
    Tensor p = Tensor::from({1.0, 1.0}, {2}, DType::f64).requires_grad_();
    Tensor coefficients = Tensor::from({1.5, 1.0}, {2}, DType::f64);
    GradientDescent gd({p}, lr);
    auto f = [&] { return ops::sum(coefficients * ops::pow(p, 2)) + 2.0; };
    Descent d;
    for (int i = 0; i < steps; ++i) {
        d.path.emplace_back(p.at(0), p.at(1));
        gd.zero_grad();
        f().backward();
        gd.step();
    }
    d.path.emplace_back(p.at(0), p.at(1));
    NoGradGuard no_grad;
    d.f_final = f().item();
    return d;
}

TEST(Course003, GradientDescentOnParaboloidConvergesAtLearningRate0_1) {
    Descent d = descend_paraboloid(0.1, 200);
    EXPECT_NEAR(d.path.back().first, 0.0, 1e-12);
    EXPECT_NEAR(d.path.back().second, 0.0, 1e-12);
    EXPECT_NEAR(d.f_final, 2.0, 1e-12);
}

TEST(Course003, GradientDescentCrawlsAtLearningRate0_001) {
    Descent d = descend_paraboloid(0.001, 200);
    // x shrinks by (1 − 0.003) per step: after 200 steps it is still more than half way.
    EXPECT_NEAR(d.path.back().first, std::pow(1 - 0.003, 200), 1e-12);
    EXPECT_GT(d.path.back().first, 0.5);
    EXPECT_GT(d.f_final, 2.5);
}

TEST(Course003, LearningRate0_665757OscillatesAndShrinksVerySlowly) {
    const double lr = 0.665757;
    Descent d = descend_paraboloid(lr, 100);
    for (std::size_t i = 1; i < d.path.size(); ++i) {
        // x is multiplied by 1 − 3η ≈ −0.997 each step: the sign flips, the size barely shrinks.
        EXPECT_NEAR(d.path[i].first / d.path[i - 1].first, 1 - 3 * lr, 1e-9);
        EXPECT_LT(d.path[i].first * d.path[i - 1].first, 0.0);
    }
    EXPECT_GT(std::abs(d.path.back().first), 0.7);
    EXPECT_LT(std::abs(d.path.back().first), 1.0);
    EXPECT_NEAR(d.path.back().second, 0.0, 1e-12);  // y converges (factor 1 − 2η ≈ −0.33)
}

TEST(Course003, LearningRateAboveTwoThirdsDiverges) {
    // |1 − 3η| > 1 for η > 2/3: every step moves x further from the minimum.
    for (double lr : {0.67, 0.7, 1.0}) {
        Descent d = descend_paraboloid(lr, 200);
        for (std::size_t i = 1; i < d.path.size(); ++i)
            ASSERT_GT(std::abs(d.path[i].first), std::abs(d.path[i - 1].first)) << "lr " << lr << " step " << i;
        EXPECT_NEAR(std::abs(d.path.back().first), std::pow(std::abs(1 - 3 * lr), 200), 1e-6 * std::pow(std::abs(1 - 3 * lr), 200));
    }
    EXPECT_GT(descend_paraboloid(0.7, 200).f_final, 1e15);
}

TEST(Course004, GradientDescentOnShiftedParabolaReachesOne) {
    Tensor x = Tensor::from({-3.0}, {1}, DType::f64).requires_grad_();
    GradientDescent gd({x}, 0.1);
    for (int i = 0; i < 300; ++i) {
        gd.zero_grad();
        ops::sum(ops::pow(x - 1.0, 2) + 3.5).backward();
        gd.step();
    }
    EXPECT_NEAR(x.item(), 1.0, 1e-12);
}

// XOR: no line separates it, one hidden layer does (note 000's motivation for the MLP).
Tensor xor_x() { return Tensor::from({0, 0, 0, 1, 1, 0, 1, 1}, {4, 2}, DType::f64); }
Tensor xor_t() { return Tensor::from({0, 1, 1, 0}, {4, 1}, DType::f64); }

int correct(Module& model, const Tensor& x, const Tensor& t) {
    NoGradGuard no_grad;
    Tensor p = model(x);
    int n = 0;
    for (std::int64_t i = 0; i < 4; ++i) n += (p.at(i) > 0.5) == (t.at(i) == 1);
    return n;
}

double train_xor(Module& model, double lr, int steps) {
    GradientDescent gd(model.parameters(), lr);
    Tensor x = xor_x(), t = xor_t();
    double loss = 0;
    for (int i = 0; i < steps; ++i) {
        gd.zero_grad();
        Tensor l = ops::bce_loss(model(x), t);
        loss = l.item();
        l.backward();
        gd.step();
    }
    return loss;
}

TEST(Course000, SinglePerceptronCannotLearnXor) {
    Generator generator(1);
    Sequential perceptron;
    perceptron.emplace<Linear>(2, 1, true, DType::f64, generator).emplace<Activation>("sigmoid");
    double loss = train_xor(perceptron, 1.0, 3000);
    EXPECT_LE(correct(perceptron, xor_x(), xor_t()), 3);
    EXPECT_GT(loss, 0.45);  // stuck near log 2 ≈ 0.69 or a 3-of-4 compromise, never near 0
}

TEST(Course000, OneHiddenLayerLearnsXor) {
    Generator generator(1);
    Sequential mlp;
    mlp.emplace<Linear>(2, 4, true, DType::f64, generator)
        .emplace<Activation>("tanh")
        .emplace<Linear>(4, 1, true, DType::f64, generator)
        .emplace<Activation>("sigmoid");
    double loss = train_xor(mlp, 1.0, 3000);
    EXPECT_EQ(correct(mlp, xor_x(), xor_t()), 4);
    EXPECT_LT(loss, 0.05);
}

}  // namespace
}  // namespace axon
