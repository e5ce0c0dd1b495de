// The network as a graph, as note 004 draws it with graphviz while it learns: one node per unit, layer
// by layer, one edge per weight whose width and colour give the weight's size and sign. Written as
// Graphviz DOT, and rendered through Graphviz's own library (libgvc) to PNG or SVG.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "axon/tensor.hpp"

namespace axon::plot {

struct NetworkGraphOptions {
    std::string title;                      // drawn above the graph ("after 25000 steps")
    std::int64_t max_units_per_layer = 16;  // wider layers show the first units and a "… k more" node
    // Edge widths are |w| / scale; scale = 0 means the largest |w| in the drawing (widths in (0, 4] px).
    // Pass the same scale to compare pictures of one network at several steps.
    double weight_scale = 0;
    std::vector<std::string> input_names;   // default x1, x2, ...
};

// The graph of the Linear layers of a state_dict in order ("0.weight" (O, D), "0.bias" (O), "2.weight", ...):
// inputs, hidden units and outputs as nodes, weights as edges (blue positive, red negative), biases in
// the node labels. Throws ShapeError when consecutive weights do not chain (D of one ≠ O of the last).
std::string network_dot(const std::vector<NamedTensor>& state, const NetworkGraphOptions& options = {});

// Lays out and renders DOT text with Graphviz's dot layout; the format comes from the extension
// (".png", ".svg"). Atomic like plot::save. Throws ConfigError for a bad extension or DOT that Graphviz
// rejects (with its message), IoError when it cannot write.
void render_dot(const std::string& dot, const std::filesystem::path& path);

}  // namespace axon::plot
