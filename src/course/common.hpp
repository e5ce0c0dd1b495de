// Helpers shared by the course's exercises (src/course/*.cpp): saving figures, building the usual
// series and rasters, decision regions and contour lines, weight norms. Private to the library.
#pragma once

#include <cmath>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "axon/course/course.hpp"
#include "axon/io/dataset.hpp"
#include "axon/layers/module.hpp"
#include "axon/plot/figure.hpp"
#include "axon/tensor.hpp"
#include "axon/train/history.hpp"
#include "axon/train/trainer.hpp"

namespace axon::course {

// The exercises' entry points, registered in course.cpp.
CourseResult run_perceptron(const CourseOptions& options);
CourseResult run_gd_1d(const CourseOptions& options);
CourseResult run_gd_2d(const CourseOptions& options);
CourseResult run_minibatch(const CourseOptions& options);
CourseResult run_momentum(const CourseOptions& options);
CourseResult run_sigmoid_tanh(const CourseOptions& options);
CourseResult run_se_vs_ce(const CourseOptions& options);
CourseResult run_xor(const CourseOptions& options);
CourseResult run_backprop_deltas(const CourseOptions& options);
CourseResult run_universal(const CourseOptions& options);
CourseResult run_weight_decay(const CourseOptions& options);
CourseResult run_dropout(const CourseOptions& options);
CourseResult run_batch_norm(const CourseOptions& options);
CourseResult run_vanishing(const CourseOptions& options);
CourseResult run_random_vs_structured(const CourseOptions& options);
CourseResult run_local_minimum(const CourseOptions& options);
CourseResult run_divergence(const CourseOptions& options);
CourseResult run_network_growth(const CourseOptions& options);
CourseResult run_mnist(const CourseOptions& options);

// Writes `figure` as <out_dir>/<stem>.png and .svg and lists both in result.files; does nothing when
// options.out_dir is empty.
void save_figure(const plot::Figure& figure, const CourseOptions& options, const std::string& stem,
                 CourseResult& result);

// A line through (x[i], y[i]).
plot::Series line(std::string label, std::vector<double> x, std::vector<double> y, plot::Color color,
                  plot::LineStyle style = plot::LineStyle::solid);
// 1, 2, ..., n as doubles (steps or epochs on an x axis).
std::vector<double> counting(std::size_t n, double first = 1);
// The 2-D points of a classification set, coloured by class.
plot::Series class_points(const Dataset& data, double marker_size = 3.5);

// f sampled on a rows × cols grid over [x_min, x_max] × [y_min, y_max] (row 0 at the top).
plot::Raster function_raster(const std::function<double(double, double)>& f, double x_min, double x_max,
                             double y_min, double y_max, std::int64_t rows = 120, std::int64_t cols = 160);
// The level set {f = level} by marching squares on a grid, as one series whose segments are separated by NaN.
plot::Series contour(const std::function<double(double, double)>& f, double level, double x_min, double x_max,
                     double y_min, double y_max, plot::Color color, std::string label = "", std::int64_t n = 160);
// The class a 2-input model predicts on a grid: one logit (> 0 is class 1) or C scores (argmax).
// The model is evaluated in eval mode without a graph. Raster with ColorMap::classes, alpha 0.25.
plot::Raster decision_raster(Module& model, double x_min, double x_max, double y_min, double y_max,
                             std::int64_t rows = 120, std::int64_t cols = 160);
// The same function as a number: the predicted class of a 2-input model at (x1, x2) for a batch of points (N, 2).
std::vector<std::int32_t> predict_classes(Module& model, const Tensor& x);
// Fraction of rows of a classification set the model gets wrong (eval mode, no graph).
double error_rate(Module& model, const Dataset& data);

// √(Σ w²) over the parameters weight decay applies to (the weights, not the biases).
double weight_norm(Module& model);
// √(Σ x²) of one tensor.
double norm(const Tensor& x);

// A Trainer configuration without progress output: the exercises print their own measurements.
TrainerConfig quiet_config(std::int64_t epochs, std::int64_t batch_size, LossKind loss, std::uint64_t seed);

}  // namespace axon::course
