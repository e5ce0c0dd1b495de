// The course's pictures as Figures: loss curves, decision boundaries, first-layer weights, gradient
// descent paths, confusion matrices and image grids. Each builder returns data (plot::Figure or
// plot::Panel); plot::save draws it.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "axon/io/dataset.hpp"
#include "axon/layers/module.hpp"
#include "axon/plot/figure.hpp"
#include "axon/tensor.hpp"
#include "axon/train/history.hpp"

namespace axon::plot {

// ---- training curves --------------------------------------------------------------------------------

// Two panels: train / validation loss per epoch (log-y when the loss spans more than a decade), and
// train / validation accuracy (or R² for regression). Unmeasured values (NaN) leave gaps.
Figure loss_curves(const History& history, const std::string& title = "");

// Reads what `axon train` writes: --metrics-json (an object with "epochs": [...]) or --history-csv
// (header epoch,train_loss,train_<metric>,val_loss,val_<metric>,...). Throws IoError for a missing or
// malformed file.
History read_history(const std::filesystem::path& path);

// ---- decision boundaries ----------------------------------------------------------------------------

// A classifier of points of the plane: the class of (x1, x2).
using Classifier2d = std::function<int(double x1, double x2)>;

struct BoundaryOptions {
    std::string title;
    std::int64_t resolution = 200;  // raster cells along the longer side
    double margin = 0.1;            // fraction of the data's extent added on every side
    double region_alpha = 0.35;     // opacity of the class regions under the points
    double point_size = 3.5;
};

// The plane around `data_2d` (N, 2) coloured by the classifier's class (palette(c) at region_alpha),
// the data on top coloured by their true class. Throws ShapeError when the data is not 2-D.
Panel decision_boundary(const Classifier2d& classify, const Dataset& data_2d, const BoundaryOptions& options = {});
// The classes of many points at once: `points` is (M, 2) float32, the result has M classes.
using BatchClassifier2d = std::function<std::vector<int>(const Tensor& points)>;
Panel decision_boundary(const BatchClassifier2d& classify, const Dataset& data_2d, const BoundaryOptions& options = {});
// The same with a model: argmax of its outputs, or output > 0 for one output (sigmoid > 0.5 on a
// logit). The grid goes through the model in one batch under NoGradGuard, in eval mode.
Panel decision_boundary(Module& model, const Dataset& data_2d, const BoundaryOptions& options = {});
// The class of every row of `points` (M, 2) under `model`: the argmax rule above.
std::vector<int> model_classes(Module& model, const Tensor& points);

// ---- weights and images -----------------------------------------------------------------------------

// The first Linear layer's rows (O, D) of a state_dict as images of `image_shape` (H, W = D), one panel
// per unit up to `max_units`, with the diverging colormap on a range shared by all units (0 = white).
// Throws ShapeError when the first weight's D is not H·W.
Figure first_layer_weights(const std::vector<NamedTensor>& state, std::array<std::int64_t, 2> image_shape = {28, 28},
                           std::int64_t max_units = 16, int columns = 8);

// Gray images (H, W) with titles (predictions: "7 (true 7)"), `columns` per row. Each image is a
// row-major vector of H·W values in [0, 1] (0 black). Titles may be fewer than images.
Figure image_grid(const std::vector<std::vector<double>>& images, const std::vector<std::string>& titles,
                  std::array<std::int64_t, 2> image_shape = {28, 28}, int columns = 8);

// counts[true][predicted] (C × C) as annotated cells, true classes down, predictions across.
Panel confusion_matrix_panel(const std::vector<std::vector<std::int64_t>>& counts,
                             const std::vector<std::string>& class_names = {}, const std::string& title = "");

// ---- gradient descent in the plane ------------------------------------------------------------------

// A differentiable function of the plane, written with axon's ops on two scalar tensors.
struct Function2d {
    std::string name;     // "course"
    std::string formula;  // "f(x, y) = 1.5x² + y² + 2"
    std::function<Tensor(const Tensor& x, const Tensor& y)> f;
    double x_min = -2, x_max = 2, y_min = -2, y_max = 2;  // the view
    std::array<double, 2> start{1.8, 1.6};               // default starting point
};
// "course": note 003's f(x, y) = 1.5x² + y² + 2 (minimum 2 at the origin; GD diverges for η > 2/3);
// "rosenbrock": (1 − x)² + 100(y − x²)². Throws ConfigError listing the names otherwise.
Function2d function_2d(const std::string& name);
const std::vector<std::string>& function_2d_names();

// θ_{t+1} = θ_t − η ∇f(θ_t) for `steps` steps from `start`; the gradient comes from axon's autograd (one
// tiny graph per step). Returns steps + 1 points; once a point is not finite, the rest are NaN.
std::vector<std::array<double, 2>> gradient_descent(const Function2d& function, std::array<double, 2> start,
                                                    double learning_rate, std::int64_t steps);

// The function as a smooth raster (viridis), one path per η (markers + line, in the legend with its
// final value), equal aspect. Paths that leave the view are clipped at its border.
Figure gd_trajectories(const Function2d& function, std::array<double, 2> start,
                       const std::vector<double>& learning_rates, std::int64_t steps);

}  // namespace axon::plot
