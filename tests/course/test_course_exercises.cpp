// `axon course`'s exercises (src/course/): each fast exercise runs once, writing its figures into a
// temporary directory, and its measurements must show the point the notes make with it.
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include <fmt/format.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "axon/course/course.hpp"
#include "axon/error.hpp"
#include "axon/threads.hpp"

namespace axon::course {
namespace {

std::filesystem::path figure_dir() {
    static const std::filesystem::path dir = [] {
        auto d = std::filesystem::temp_directory_path() / fmt::format("axon_course_test_{}", ::getpid());
        std::filesystem::remove_all(d);
        return d;
    }();
    return dir;
}

// Each exercise runs once per test binary; the figure test and the measurement tests share the result.
const CourseResult& run_once(const std::string& name) {
    static std::map<std::string, CourseResult> cache;
    auto it = cache.find(name);
    if (it != cache.end()) return it->second;
    CourseOptions options;
    options.out_dir = figure_dir();
    // The course's networks are small: one thread is fastest (and `axon course` uses one by default).
    const int threads = num_threads();
    set_num_threads(1);
    CourseResult result = find_exercise(name).run(options);
    set_num_threads(threads);
    return cache.emplace(name, std::move(result)).first->second;
}

double v(const std::string& exercise, const std::string& measurement) {
    return run_once(exercise).value(measurement);
}

TEST(CourseRegistry, NamesAreUniqueAndDescribed) {
    std::set<std::string> names;
    for (auto& e : exercises()) {
        EXPECT_TRUE(names.insert(e.name).second) << e.name;
        EXPECT_FALSE(e.description.empty()) << e.name;
        EXPECT_FALSE(e.note.empty()) << e.name;
        EXPECT_NE(e.run, nullptr) << e.name;
    }
    EXPECT_GE(names.size(), 17u);
}

TEST(CourseRegistry, UnknownNameListsTheKnownOnes) {
    try {
        find_exercise("nope");
        FAIL() << "no exception";
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("unknown exercise 'nope'"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("gd-2d"), std::string::npos) << e.what();
    }
}

TEST(CourseResultTest, ValueThrowsForAMissingName) {
    CourseResult r;
    r.add("a", 1);
    EXPECT_EQ(r.value("a"), 1);
    EXPECT_THROW(r.value("b"), ConfigError);
}

TEST(CourseExercises, PerceptronCostFallsWhileTheWeightsGrow) {
    EXPECT_NEAR(v("perceptron", "J at step 0"), std::log(2.0), 1e-12);
    double previous_j = INFINITY, previous_norm = 0;
    for (int s : {10, 100, 1000, 5000}) {
        const double j = v("perceptron", fmt::format("J at step {}", s)), n = v("perceptron", fmt::format("|w| at step {}", s));
        EXPECT_LT(j, previous_j) << s;
        EXPECT_GT(n, previous_norm) << s;
        EXPECT_GT(j, 0) << s;
        previous_j = j;
        previous_norm = n;
    }
    EXPECT_LT(previous_j, 0.01);
    EXPECT_EQ(v("perceptron", "points separated (of 4)"), 4);
    // J(t·(1, −1)) decreases to 0 as t grows: the infimum is not attained.
    EXPECT_GT(v("perceptron", "J(w=(1,-1))"), v("perceptron", "J(w=(10,-10))"));
    EXPECT_GT(v("perceptron", "J(w=(10,-10))"), v("perceptron", "J(w=(100,-100))"));
    EXPECT_LT(v("perceptron", "J(w=(100,-100))"), 1e-40);  // ≈ e^{−100}/4: the smallest margin is 1
    EXPECT_LT(v("perceptron", "BCE gradient: max |autograd - formula|"), 1e-15);
    EXPECT_LT(v("perceptron", "MSE gradient: max |autograd - formula|"), 1e-15);
}

TEST(CourseExercises, SigmoidTanhIdentityHolds) {
    EXPECT_LT(v("sigmoid-tanh", "max |tanh(x) - (2 sigmoid(2x) - 1)| on [-6, 6]"), 1e-12);
    EXPECT_LT(v("sigmoid-tanh", "max |autograd tanh' - (1 - tanh^2)|"), 1e-15);
    EXPECT_LT(v("sigmoid-tanh", "max |autograd sigmoid' - sigmoid(1 - sigmoid)|"), 1e-15);
    EXPECT_NEAR(v("sigmoid-tanh", "max sigmoid'"), 0.25, 1e-6);
    EXPECT_NEAR(v("sigmoid-tanh", "max tanh'"), 1.0, 1e-6);
}

TEST(CourseExercises, XorNeedsAHiddenLayer) {
    EXPECT_LE(v("xor", "perceptron points correct (of 4)"), 3);
    EXPECT_EQ(v("xor", "2-4-1 tanh points correct (of 4)"), 4);
    EXPECT_LT(v("xor", "2-4-1 tanh final loss"), 0.05);
}

TEST(CourseExercises, BackpropDeltasByHandMatchAutograd) {
    EXPECT_EQ(v("backprop-deltas", "weights compared"), 30);
    EXPECT_LT(v("backprop-deltas", "max |hand gradient - autograd|"), 1e-14);
    EXPECT_NE(v("backprop-deltas", "delta4"), 0);
}

TEST(CourseExercises, UniversalApproximationErrorShrinksWithMoreRectangles) {
    double previous = INFINITY;
    for (int k : {4, 8, 16, 32, 64}) {
        const double e = v("universal", fmt::format("rectangles K={} ({} ReLUs) max error", k, 4 * k));
        EXPECT_LT(e, previous) << k;
        previous = e;
    }
    EXPECT_LT(previous, 0.1);
    EXPECT_LT(v("universal", "wide layer max error on [-2, 2]"), 0.1);
}

TEST(CourseExercises, GradientDescentOnTheParabola) {
    EXPECT_NEAR(v("gd-1d", "eta=0.1 final x"), 1.0, 1e-2);
    EXPECT_NEAR(v("gd-1d", "eta=0.1 final f"), 3.5, 1e-4);
    for (double eta : {0.1, 0.45, 0.9, 1.05})
        EXPECT_NEAR(v("gd-1d", fmt::format("eta={} ratio (x-1)", eta)), 1 - 2 * eta, 1e-9) << eta;
    EXPECT_GT(std::abs(v("gd-1d", "eta=1.05 final x") - 1), 3.0);  // |1 − 2η| > 1: diverges
}

TEST(CourseExercises, GradientDescentOnTheParaboloid) {
    EXPECT_NEAR(v("gd-2d", "eta=0.1 final f"), 2.0, 1e-9);
    // η = 0.665757: x flips sign with |1 − 3η| ≈ 0.997 and barely shrinks; y converges.
    EXPECT_NEAR(v("gd-2d", "eta=0.665757 ratio x"), 1 - 3 * 0.665757, 1e-9);
    EXPECT_NEAR(v("gd-2d", "eta=0.665757 ratio y"), 1 - 2 * 0.665757, 1e-9);
    EXPECT_GT(std::abs(v("gd-2d", "eta=0.665757 final x")), 1.0);
    EXPECT_NEAR(v("gd-2d", "eta=0.665757 final y"), 0.0, 1e-12);
    // η = 0.001 crawls: after 100 steps x has moved by less than a third of its way.
    EXPECT_LT(v("gd-2d", "eta=0.001 final x"), -2.0 * 0.7);
    // η = 0.7 > 2/3 diverges.
    EXPECT_NEAR(v("gd-2d", "eta=0.7 ratio x"), 1 - 3 * 0.7, 1e-9);
    EXPECT_GT(std::abs(v("gd-2d", "eta=0.7 final x")), 2.0 * std::pow(1.1, 15) * 0.99);
}

TEST(CourseExercises, MinibatchSizeAndLearningRate) {
    // larger minibatches: less gradient noise, so a lower risk plateau at the same η
    EXPECT_LT(v("minibatch", "B=100 eta=0.1 final excess risk (mean of last 100 steps)"),
              v("minibatch", "B=1 eta=0.1 final excess risk (mean of last 100 steps)") / 5);
    // smaller η: slower start, lower noise
    EXPECT_GT(v("minibatch", "B=100 eta=0.01 excess risk at step 50"), 10 * v("minibatch", "B=100 eta=0.1 excess risk at step 50"));
    EXPECT_LT(v("minibatch", "B=10 eta=0.1 final excess risk (mean of last 100 steps)"),
              v("minibatch", "B=1 eta=0.1 final excess risk (mean of last 100 steps)"));
    EXPECT_LT(v("minibatch", "B=100 eta=0.1 final excess risk (mean of last 100 steps)"),
              v("minibatch", "B=10 eta=0.1 final excess risk (mean of last 100 steps)"));
}

TEST(CourseExercises, MomentumSmoothsTheSteps) {
    EXPECT_LT(v("momentum", "paraboloid eta=0.6 momentum=0.5 x-step sign flips in 20 steps"),
              v("momentum", "paraboloid eta=0.6 momentum=0 x-step sign flips in 20 steps"));
    EXPECT_LT(v("momentum", "linear model eta=0.1 B=10 momentum=0.5 mean turn between updates (degrees)"),
              v("momentum", "linear model eta=0.1 B=10 momentum=0 mean turn between updates (degrees)"));
}

TEST(CourseExercises, WeightDecayShrinksTheWeights) {
    EXPECT_LT(v("weight-decay", "wd=0.01 |W|"), v("weight-decay", "wd=0.001 |W|"));
    EXPECT_LT(v("weight-decay", "wd=0.001 |W|"), v("weight-decay", "wd=0.0001 |W|"));
    const double bayes = v("weight-decay", "Bayes error on the test set");
    for (const char* wd : {"0.0001", "0.001", "0.01"}) EXPECT_LT(v("weight-decay", fmt::format("wd={} test error", wd)), bayes + 0.08) << wd;
}

TEST(CourseExercises, DropoutNarrowsTheGapBetweenTrainingAndTest) {
    const double gap_without = v("dropout", "no dropout test error") - v("dropout", "no dropout train error");
    const double gap_with = v("dropout", "dropout 0.5 test error") - v("dropout", "dropout 0.5 train error");
    EXPECT_LT(gap_with, gap_without);
    EXPECT_LT(v("dropout", "dropout 0.5 final test loss"), v("dropout", "no dropout final test loss"));
}

TEST(CourseExercises, BatchNormTrainsADeepSigmoidNet) {
    EXPECT_GT(v("batch-norm", "no batch norm train loss after epoch 20"), 0.65);
    EXPECT_LT(v("batch-norm", "batch norm train loss after epoch 20"), 0.5);
    EXPECT_LT(v("batch-norm", "batch norm test error"), 0.25);
    EXPECT_LT(v("batch-norm", "max output change when the Linear bias before BN is set to 5"), 1e-10);
}

TEST(CourseExercises, VanishingGradientsInDeepSigmoidNets) {
    EXPECT_GT(v("vanishing", "sigmoid ratio layer 1 / layer 10"), 0);
    EXPECT_LT(v("vanishing", "sigmoid ratio layer 1 / layer 10"), 1e-3);
    EXPECT_GT(v("vanishing", "relu ratio layer 1 / layer 10"), 0.1);
}

TEST(CourseExercises, RandomLabelsDoNotGeneraliseStructuredOnesDo) {
    EXPECT_LT(v("random-vs-structured", "random train error"), 0.1);
    EXPECT_GT(v("random-vs-structured", "random test error"), 0.4);
    EXPECT_LT(v("random-vs-structured", "structured test error"), 0.2);
}

TEST(CourseExercises, SomeXorRunsStopInABadLocalMinimum) {
    EXPECT_GE(v("local-minimum", "runs stuck (final loss > 0.1)"), 1);
    EXPECT_LT(v("local-minimum", "runs stuck (final loss > 0.1)"), v("local-minimum", "runs"));
    EXPECT_LT(v("local-minimum", "largest final gradient norm among stuck runs"), 1e-2);
}

TEST(CourseExercises, TooLargeALearningRateDivergesAndIsCaught) {
    EXPECT_EQ(v("divergence", "lr=0.01 diverged"), 0);
    EXPECT_EQ(v("divergence", "lr=3 diverged"), 1);
    bool reported = false;
    for (auto& line : run_once("divergence").lines) reported |= line.find("NumericError") != std::string::npos;
    EXPECT_TRUE(reported);
}

TEST(CourseExercises, CrossEntropyAvoidsTheSaturatedSlowDown) {
    EXPECT_GT(v("se-vs-ce", "cross-entropy initial |dL/dw|"), 20 * v("se-vs-ce", "squared error initial |dL/dw|"));
    EXPECT_LT(v("se-vs-ce", "cross-entropy steps until output < 0.2") * 3, v("se-vs-ce", "squared error steps until output < 0.2"));
}

// Every fast exercise writes its figures: PNG and SVG, non-empty.
TEST(CourseExercises, FastExercisesWriteTheirFigures) {
    for (auto& e : exercises()) {
        if (e.slow) continue;
        const CourseResult& r = run_once(e.name);
        EXPECT_GE(r.files.size(), 2u) << e.name;
        std::size_t png = 0, svg = 0;
        for (auto& f : r.files) {
            ASSERT_TRUE(std::filesystem::exists(f)) << f;
            EXPECT_GT(std::filesystem::file_size(f), 100u) << f;
            png += f.extension() == ".png";
            svg += f.extension() == ".svg";
        }
        EXPECT_EQ(png, svg) << e.name;
        EXPECT_GE(png, 1u) << e.name;
    }
}

}  // namespace
}  // namespace axon::course
