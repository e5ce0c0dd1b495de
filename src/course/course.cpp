// The registry of the course's exercises, in the order of the notes, and CourseResult's look-ups.
#include "axon/course/course.hpp"

#include <fmt/format.h>

#include "axon/error.hpp"
#include "course/common.hpp"

namespace axon::course {

void CourseResult::add(std::string name, double value) { measurements.push_back({std::move(name), value}); }

bool CourseResult::has(std::string_view name) const {
    for (auto& m : measurements)
        if (m.name == name) return true;
    return false;
}

double CourseResult::value(std::string_view name) const {
    std::string known;
    for (auto& m : measurements) {
        if (m.name == name) return m.value;
        known += (known.empty() ? "" : ", ") + m.name;
    }
    throw ConfigError(fmt::format("CourseResult::value: no measurement '{}' (measured: {})", name, known));
}

const std::vector<Exercise>& exercises() {
    static const std::vector<Exercise> list = {
        {"perceptron", "the 4-point set: logistic regression without bias, J falls to 0 while ‖w‖ grows",
         "000 (perceptron exercise: separate the 4 points, minimal logistic cost)", false, run_perceptron},
        {"sigmoid-tanh", "tanh(x) = 2σ(2x) − 1, plotted and checked numerically, with both derivatives",
         "000 (exercise: relation between sigmoid and tanh), 003", false, run_sigmoid_tanh},
        {"xor", "XOR: a perceptron cannot separate it, one hidden layer of tanh units does",
         "000 (linear vs non-linear separation)", false, run_xor},
        {"backprop-deltas", "a 3-3-3-1 tanh network: note 001's deltas by hand against autograd",
         "001 (back-propagation, δ = (1 − x²) Σ w δ)", false, run_backprop_deltas},
        {"universal", "universal approximation: ReLU rectangles set by hand, and one wide trained hidden layer",
         "001 (universal approximation for ReLU)", false, run_universal},
        {"gd-1d", "gradient descent on f(x) = (x − 1)² + 3.5 for several step sizes",
         "004 (analytic minimum, exercise 1)", false, run_gd_1d},
        {"gd-2d", "gradient descent on f(x, y) = 1.5x² + y² + 2 with η = 0.1, 0.001, 0.665757 and 0.7",
         "003 (gradient descent: illustration)", false, run_gd_2d},
        {"minibatch", "SGD on the linear model Y = ⟨w0, X⟩ + ε: batch sizes 1, 10, 100 and η = 0.01, 0.1",
         "003 (influence of learning rate and of minibatch size)", false, run_minibatch},
        {"momentum", "momentum 0 against 0.5 (note 003's averaged form), on the paraboloid and the linear model",
         "003 (gradient descent with momentum)", false, run_momentum},
        {"weight-decay", "the 200-point Gaussian mixture, 50 hidden units, weight decay 1e-4, 1e-3, 1e-2 vs Bayes",
         "003 (regularisation: weight decay)", false, run_weight_decay},
        {"dropout", "an over-parameterised net on 100 points with and without dropout: train and test error",
         "003 (dropout)", false, run_dropout},
        {"batch-norm", "a deep sigmoid net with and without batch normalisation: training curves",
         "003 (batch normalisation)", false, run_batch_norm},
        {"vanishing", "vanishing gradients: per-layer gradient norms of deep sigmoid and ReLU nets",
         "000, 003 (sigmoid kills gradients; use ReLU)", false, run_vanishing},
        {"random-vs-structured", "random labels (nothing to learn) against structured data: train and test error",
         "004 (exercises 2 and 6)", false, run_random_vs_structured},
        {"local-minimum", "a 2-2-1 net on XOR from 20 seeds: some runs stop in a bad local minimum",
         "004 (exercises 3 and 7: a local minimum that is not global)", false, run_local_minimum},
        {"divergence", "too large a learning rate: the loss explodes to NaN, caught and reported",
         "004 (exercises 4 and 7: make it explode)", false, run_divergence},
        {"se-vs-ce", "squared error against cross-entropy on a saturated sigmoid: the slow-down",
         "004 (other cost functions: the slowdown problem)", false, run_se_vs_ce},
        {"network-growth", "the network drawn after 0, 25000 and 45000 steps of learning structured data",
         "004 (exercise 5: observation of the network)", false, run_network_growth},
        {"mnist", "an MLP on MNIST above 97%, with test predictions shown (misclassified first)",
         "000 (TP: MNIST with an MLP), 004 (MNIST above 97%)", true, run_mnist},
    };
    return list;
}

const Exercise& find_exercise(std::string_view name) {
    std::string known;
    for (auto& e : exercises()) {
        if (e.name == name) return e;
        known += (known.empty() ? "" : ", ") + e.name;
    }
    throw ConfigError(fmt::format("axon course: unknown exercise '{}' (known: {})", name, known));
}

}  // namespace axon::course
