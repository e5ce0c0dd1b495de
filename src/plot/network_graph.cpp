// The network as a Graphviz graph: DOT text built from the state_dict, laid out and rendered by
// Graphviz's own library through the renderer (plot/render/graphviz_dot.cpp).
#include "axon/plot/network_graph.hpp"

#include <algorithm>
#include <cmath>
#include <string_view>

#include <fmt/format.h>

#include "axon/error.hpp"
#include "axon/io/safetensors.hpp"
#include "plot/picture_file.hpp"
#include "plot/render/renderer.hpp"

namespace axon::plot {

namespace {

// A Linear layer found in the state: w (O, D), b (O) or undefined.
struct LinearLayer {
    std::string name;  // the prefix: "0", "2", "fc1"
    Tensor w, b;
};

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::vector<LinearLayer> linear_layers(const std::vector<NamedTensor>& state) {
    std::vector<LinearLayer> layers;
    for (const auto& entry : state) {
        // BatchNorm's weight is 1-D: only 2-D ".weight" entries are Linear layers.
        if (!ends_with(entry.name, "weight") || entry.tensor.ndim() != 2) continue;
        LinearLayer layer;
        layer.name = entry.name.size() > 7 ? entry.name.substr(0, entry.name.size() - 7) : "";
        layer.w = entry.tensor;
        auto bias_name = (layer.name.empty() ? "" : layer.name + ".") + "bias";
        for (const auto& other : state)
            if (other.name == bias_name && other.tensor.ndim() == 1 && other.tensor.dim(0) == entry.tensor.dim(0))
                layer.b = other.tensor;
        if (!layers.empty() && layers.back().w.dim(0) != layer.w.dim(1))
            throw ShapeError(fmt::format("network_dot: layer '{}' takes {} inputs but layer '{}' gives {} outputs ({} after {})",
                                         layer.name, layer.w.dim(1), layers.back().name, layers.back().w.dim(0),
                                         shape_str(layer.w.shape()), shape_str(layers.back().w.shape())));
        layers.push_back(std::move(layer));
    }
    return layers;
}

std::string dot_quoted(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

std::string node_id(std::size_t layer, std::int64_t unit) { return fmt::format("n{}_{}", layer, unit); }

}  // namespace

std::string network_dot(const std::vector<NamedTensor>& state, const NetworkGraphOptions& options) {
    auto layers = linear_layers(state);
    if (layers.empty()) throw ShapeError("network_dot: the state has no Linear layer (no 2-D '.weight' entry)");
    if (options.max_units_per_layer < 1)
        throw ConfigError(fmt::format("network_dot: max_units_per_layer must be at least 1 ({})", options.max_units_per_layer));

    double scale = options.weight_scale;
    if (scale <= 0) {
        for (const auto& layer : layers)
            for (double v : layer.w.to_vector()) scale = std::max(scale, std::abs(v));
        if (scale <= 0) scale = 1;
    }
    auto shown = [&](std::int64_t units) { return std::min(units, options.max_units_per_layer); };

    std::string dot;
    dot += "digraph network {\n";
    dot += "  rankdir=LR; splines=line; ordering=out; nodesep=0.12; ranksep=1.6; newrank=true;\n";
    dot += fmt::format("  graph [fontname=\"DejaVu Sans\", fontsize=16, labelloc=t, label={}, bgcolor=white];\n",
                       dot_quoted(options.title));
    dot += "  node [shape=circle, fixedsize=true, width=0.62, style=filled, fontname=\"DejaVu Sans\", fontsize=9, "
           "color=\"#555555\", penwidth=0.8];\n";
    dot += "  edge [arrowhead=none];\n";

    // Layer 0 holds the inputs; layer k ≥ 1 the outputs of Linear layer k − 1.
    std::vector<std::int64_t> sizes{layers.front().w.dim(1)};
    for (const auto& layer : layers) sizes.push_back(layer.w.dim(0));
    for (std::size_t k = 0; k < sizes.size(); ++k) {
        bool output = k + 1 == sizes.size();
        std::string name = k == 0 ? "input" : output ? "output" : fmt::format("hidden {}", k);
        dot += fmt::format("  subgraph cluster_{} {{\n    label={}; fontsize=11; style=rounded; color=\"#cccccc\";\n", k,
                           dot_quoted(fmt::format("{} ({})", name, sizes[k])));
        std::vector<double> bias;
        if (k > 0 && layers[k - 1].b.defined()) bias = layers[k - 1].b.to_vector();
        for (std::int64_t u = 0; u < shown(sizes[k]); ++u) {
            std::string label;
            std::string fill = "#eeeeee";
            if (k == 0) {
                label = static_cast<std::size_t>(u) < options.input_names.size() ? options.input_names[u] : fmt::format("x{}", u + 1);
            } else {
                label = fmt::format("{}{}", output ? "y" : "h", u + 1);
                if (!bias.empty()) label += fmt::format("\nb={:+.2f}", bias[u]);
                fill = output ? "#fde0c5" : "#dbe9f6";
            }
            dot += fmt::format("    {} [label={}, fillcolor=\"{}\"];\n", node_id(k, u), dot_quoted(label), fill);
        }
        if (sizes[k] > shown(sizes[k]))
            dot += fmt::format("    {} [label={}, shape=plaintext, style=\"\", fontsize=10];\n", node_id(k, sizes[k]),
                               dot_quoted(fmt::format("… {} more", sizes[k] - shown(sizes[k]))));
        // Units top to bottom in their order: one rank, chained by invisible edges (in LR, an edge
        // within a rank runs upwards, so the chain runs from the last unit to the first).
        std::vector<std::string> chain;
        if (sizes[k] > shown(sizes[k])) chain.push_back(node_id(k, sizes[k]));
        for (std::int64_t u = shown(sizes[k]) - 1; u >= 0; --u) chain.push_back(node_id(k, u));
        if (chain.size() > 1) {
            dot += "    { rank=same; ";
            for (std::size_t i = 0; i < chain.size(); ++i) dot += chain[i] + (i + 1 < chain.size() ? " -> " : "");
            dot += " [style=invis]; }\n";
        }
        dot += "  }\n";
    }
    // Weights: w[o, d] joins input unit d of layer k to output unit o of layer k + 1.
    for (std::size_t k = 0; k < layers.size(); ++k) {
        auto w = layers[k].w.to_vector();
        std::int64_t outputs = layers[k].w.dim(0), inputs = layers[k].w.dim(1);
        for (std::int64_t d = 0; d < shown(inputs); ++d)
            for (std::int64_t o = 0; o < shown(outputs); ++o) {
                double v = w[static_cast<std::size_t>(o * inputs + d)];
                double size = std::min(std::abs(v) / scale, 1.0);
                int alpha = static_cast<int>(std::lround(255 * (0.3 + 0.7 * size)));
                dot += fmt::format("  {} -> {} [penwidth={:.2f}, color=\"{}{:02x}\", tooltip=\"w={:+.4f}\"];\n",
                                   node_id(k, d), node_id(k + 1, o), std::max(0.05, 4 * size),
                                   v >= 0 ? "#2166ac" : "#b2182b", alpha, v);
            }
    }
    dot += "}\n";
    return dot;
}

void render_dot(const std::string& dot, const std::filesystem::path& path) {
    const auto format = detail::picture_format(path, "render_dot");
    std::string bytes;
    detail::rethrow(detail::renderer().draw_dot(dot, format, path.string(), bytes));
    write_file_atomically(path, bytes, "render_dot");
}

}  // namespace axon::plot
