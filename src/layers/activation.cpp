#include "axon/layers/activation.hpp"

#include <map>

#include "axon/error.hpp"
#include "axon/ops/activation.hpp"

namespace axon {

namespace {
using Factory = std::function<std::function<Tensor(const Tensor&)>(double alpha)>;

struct Entry {
    double default_alpha;
    Factory make;  // the function, given alpha
    std::optional<ops::FusedActivation> fused_form = std::nullopt;  // how ops::linear applies it itself
};

const std::map<std::string, Entry>& table() {
    using ops::FusedActivation;
    static const std::map<std::string, Entry> t = {
        {"identity", {0.0, [](double) { return [](const Tensor& x) { return ops::identity(x); }; }}},
        {"step", {0.0, [](double) { return [](const Tensor& x) { return ops::step(x); }; }}},
        {"sigmoid",
         {0.0, [](double) { return [](const Tensor& x) { return ops::sigmoid(x); }; }, FusedActivation::sigmoid}},
        {"tanh", {0.0, [](double) { return [](const Tensor& x) { return ops::tanh(x); }; }, FusedActivation::tanh}},
        {"relu", {0.0, [](double) { return [](const Tensor& x) { return ops::relu(x); }; }, FusedActivation::relu}},
        {"leaky_relu", {0.01, [](double a) { return [a](const Tensor& x) { return ops::leaky_relu(x, a); }; }}},
        {"elu", {1.0, [](double a) { return [a](const Tensor& x) { return ops::elu(x, a); }; }}},
        {"gelu", {0.0, [](double) { return [](const Tensor& x) { return ops::gelu(x); }; }}},
        {"gelu_tanh",
         {0.0, [](double) { return [](const Tensor& x) { return ops::gelu(x, ops::GeluApproximation::tanh); }; }}},
        {"softmax", {0.0, [](double) { return [](const Tensor& x) { return ops::softmax(x, -1); }; }}},
        {"log_softmax", {0.0, [](double) { return [](const Tensor& x) { return ops::log_softmax(x, -1); }; }}},
    };
    return t;
}
}  // namespace

const std::vector<std::string>& Activation::names() {
    static const std::vector<std::string> n = [] {
        std::vector<std::string> v;
        for (const auto& [name, entry] : table()) v.push_back(name);
        return v;
    }();
    return n;
}

Activation::Activation(const std::string& name, double alpha) : name_(name) {
    auto it = table().find(name);
    if (it == table().end()) {
        std::string known;
        for (const auto& n : names()) known += (known.empty() ? "" : ", ") + n;
        throw ConfigError(fmt::format("Activation: unknown activation '{}' (known: {})", name, known));
    }
    alpha_ = alpha < 0 ? it->second.default_alpha : alpha;
    function_ = it->second.make(alpha_);
    fused_form_ = it->second.fused_form;
}

std::string Activation::describe() const {
    if (name_ == "leaky_relu" || name_ == "elu") return fmt::format("{}(alpha={})", name_, alpha_);
    return name_;
}

}  // namespace axon
