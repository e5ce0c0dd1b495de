// The run report: everything a training run measured, as one JSON document (run.json), and one
// self-contained HTML page drawing it with Apache ECharts (embedded in the library, inlined in the page,
// so it opens without network access). `axon train --report DIR` writes both, `axon report DIR`
// redraws the page, `axon train --serve` serves it while training.
//
// run.json (format "axon-run", version 1):
//   title, status ("training" | "finished"), architecture, parameters (count),
//   settings {…}             the train command's options, as given
//   metrics {…}              final metrics ({} while training): test_accuracy, samples_per_second, ...
//   data {train, test, watched, task, num_classes, num_features, sample_shape}
//   history {…}              History::to_json, with per-parameter norms when tracked
//   confusion {classes, matrix}              classification: counts[true][predicted] on the test set
//   images {height, width, items: [{pixels, label, predicted}]}
//                                            2-D samples: up to max_images test images, misclassified
//                                            first; pixels 0-255, row-major
//   boundary {x_min, x_max, y_min, y_max, resolution, classes, grid, confidence, points}
//                                            2 features: the predicted class on a resolution² grid over
//                                            the test points' bounding box (row 0 at y_min), and the
//                                            test points [x, y, label]
//   network {layers: [{units, shown}], weights: [[[w…]…]…], biases: [[b…]…]}
//                                            the Linear layers' weights, first `shown` units of each layer
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "axon/io/dataset.hpp"
#include "axon/layers/module.hpp"
#include "axon/train/history.hpp"

namespace axon::report {

struct ReportOptions {
    std::int64_t max_images = 64;            // test images shown for image data
    std::int64_t boundary_resolution = 100;  // grid cells per side for 2-D data
    std::int64_t max_points = 1000;          // test points drawn over the boundary
    std::int64_t max_units_per_layer = 16;   // units drawn per layer of the network
};

// What the run knows besides the model and the test set.
struct RunInfo {
    std::string title;                                 // e.g. the data set's name
    std::string status = "finished";                   // or "training"
    std::string architecture;                          // "256, relu, 10"
    nlohmann::json settings = nlohmann::json::object();
    nlohmann::json metrics = nlohmann::json::object();  // final metrics; {} while training
    History history;
    std::string train_description, watched_name = "test";  // the set evaluated every epoch: "test" or "validation"
};

// run.json for a run: evaluates `model` on `test` (in evaluation mode, without recording a graph,
// restoring the model's mode afterwards) for the confusion matrix, image grid and decision boundary.
// The output's width decides how a class is predicted: argmax over C > 1 outputs; for one output,
// y > 0.5 when settings["loss"] is "bce" (probabilities) and y > 0 otherwise (a logit).
nlohmann::json run_json(const RunInfo& info, Module& model, const Dataset& test, const ReportOptions& options = {});

// The report page for a run.json. With `live`, the page fetches /run.json every 2 s and redraws
// (what `axon train --serve` serves). The JSON is embedded in <script type="application/json"> with
// every '<' written as \u003c, so no data can close the script element.
std::string report_html(const nlohmann::json& run, bool live = false);

// Reads and checks a run.json. Throws IoError naming the file when it is missing, not JSON, or not
// an axon run (no "format": "axon-run" or no history).
nlohmann::json read_run_json(const std::filesystem::path& path);

}  // namespace axon::report
