#include "axon/layers/activation.hpp"

#include <map>

#include "axon/error.hpp"
#include "axon/ops/activation.hpp"

namespace axon {

namespace {
using Factory = std::function<std::function<Tensor(const Tensor&)>(double alpha)>;

const std::map<std::string, std::pair<double, Factory>>& table() {
    // name → (default alpha, function given alpha)
    static const std::map<std::string, std::pair<double, Factory>> t = {
        {"identity", {0.0, [](double) { return [](const Tensor& x) { return ops::identity(x); }; }}},
        {"step", {0.0, [](double) { return [](const Tensor& x) { return ops::step(x); }; }}},
        {"sigmoid", {0.0, [](double) { return [](const Tensor& x) { return ops::sigmoid(x); }; }}},
        {"tanh", {0.0, [](double) { return [](const Tensor& x) { return ops::tanh(x); }; }}},
        {"relu", {0.0, [](double) { return [](const Tensor& x) { return ops::relu(x); }; }}},
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
    alpha_ = alpha < 0 ? it->second.first : alpha;
    function_ = it->second.second(alpha_);
    if (name == "relu") fused_form_ = ops::FusedActivation::relu;
    if (name == "sigmoid") fused_form_ = ops::FusedActivation::sigmoid;
    if (name == "tanh") fused_form_ = ops::FusedActivation::tanh;
}

std::string Activation::describe() const {
    if (name_ == "leaky_relu" || name_ == "elu") return fmt::format("{}(alpha={})", name_, alpha_);
    return name_;
}

}  // namespace axon
