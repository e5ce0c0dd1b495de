#include "axon/layers/sequential.hpp"

#include <typeinfo>

#include "axon/error.hpp"
#include "axon/layers/activation.hpp"
#include "axon/layers/linear.hpp"

namespace axon {

Sequential& Sequential::add(std::shared_ptr<Module> layer) {
    if (!layer) throw ConfigError("Sequential::add: layer is null");
    layer->train(training_);
    layers_.push_back(std::move(layer));
    return *this;
}

namespace {
template <class LayerT>
LayerT* exactly(const std::shared_ptr<Module>& layer) {
    return typeid(*layer) == typeid(LayerT) ? static_cast<LayerT*>(layer.get()) : nullptr;
}
}  // namespace

// A Linear followed by relu, sigmoid or tanh runs as one fused node (Linear::forward with the activation):
// the same values, without the pre-activation tensor and its pass. Only the exact classes are fused, so
// that a subclass overriding forward is still called.
Tensor Sequential::forward(const Tensor& x) {
    Tensor y = x;
    for (std::size_t i = 0; i < layers_.size(); ++i) {
        if (i + 1 < layers_.size()) {
            Linear* linear = exactly<Linear>(layers_[i]);
            Activation* activation = exactly<Activation>(layers_[i + 1]);
            if (linear && activation && activation->fused_form()) {
                y = linear->forward(y, *activation->fused_form());
                ++i;
                continue;
            }
        }
        y = layers_[i]->forward(y);
    }
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
