#include "axon/layers/sequential.hpp"

#include "axon/error.hpp"

namespace axon {

Sequential& Sequential::add(std::shared_ptr<Module> layer) {
    if (!layer) throw ConfigError("Sequential::add: layer is null");
    layer->train(training_);
    layers_.push_back(std::move(layer));
    return *this;
}

Tensor Sequential::forward(const Tensor& x) {
    Tensor y = x;
    for (auto& layer : layers_) y = layer->forward(y);
    return y;
}

std::string Sequential::describe() const {
    std::string s = "Sequential(\n";
    for (std::size_t i = 0; i < layers_.size(); ++i) s += fmt::format("  ({}) {}\n", i, layers_[i]->describe());
    return s + ")";
}

namespace {
template <class Getter>
std::vector<NamedParameter> prefixed(const std::vector<std::shared_ptr<Module>>& layers, Getter get) {
    std::vector<NamedParameter> out;
    for (std::size_t i = 0; i < layers.size(); ++i)
        for (auto& p : get(*layers[i])) out.push_back({fmt::format("{}.{}", i, p.name), p.tensor, p.decay});
    return out;
}
}  // namespace

std::vector<NamedParameter> Sequential::named_parameters() {
    return prefixed(layers_, [](Module& m) { return m.named_parameters(); });
}

std::vector<NamedParameter> Sequential::named_buffers() {
    return prefixed(layers_, [](Module& m) { return m.named_buffers(); });
}

void Sequential::train(bool on) {
    Module::train(on);
    for (auto& layer : layers_) layer->train(on);
}

}  // namespace axon
