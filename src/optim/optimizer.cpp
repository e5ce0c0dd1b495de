// The Optimizer base: parameters with names and decay flags, step counters, lazily allocated moments,
// and the state_dict used by checkpoints.
#include "axon/optim/optimizer.hpp"

#include <cmath>
#include <optional>
#include <unordered_map>

#include "axon/autograd.hpp"
#include "detail/dispatch.hpp"

namespace axon {

std::vector<NamedParameter> Optimizer::name_by_position(std::vector<Tensor> parameters) {
    std::vector<NamedParameter> out;
    out.reserve(parameters.size());
    for (std::size_t i = 0; i < parameters.size(); ++i)
        out.push_back({std::to_string(i), std::move(parameters[i]), true});
    return out;
}

namespace {

Tensor scalar_f64(double value) { return Tensor::scalar(value, DType::f64); }

}  // namespace

Optimizer::Optimizer(std::vector<Tensor> parameters, double lr)
    : Optimizer("Optimizer", name_by_position(std::move(parameters)), lr, {}) {}

Optimizer::Optimizer(std::vector<NamedParameter> parameters, double lr)
    : Optimizer("Optimizer", std::move(parameters), lr, {}) {}

Optimizer::Optimizer(std::string name, std::vector<NamedParameter> parameters, double lr,
                     std::vector<std::string> slot_names)
    : lr_(lr), name_(std::move(name)), slot_names_(std::move(slot_names)) {
    require_positive("learning rate", lr);
    std::unordered_map<std::string, std::size_t> seen;
    for (std::size_t i = 0; i < parameters.size(); ++i) {
        NamedParameter& p = parameters[i];
        if (!p.tensor.defined() || !p.tensor.requires_grad())
            throw ConfigError(fmt::format("{}: parameter '{}' (shape {}) does not require grad", name_, p.name,
                                          p.tensor.defined() ? shape_str(p.tensor.shape()) : "undefined"));
        if (!seen.emplace(p.name, i).second)
            throw ConfigError(fmt::format("{}: two parameters are named '{}' (positions {} and {})", name_, p.name,
                                          seen[p.name], i));
        parameters_.push_back(p.tensor);
        names_.push_back(std::move(p.name));
        decay_.push_back(p.decay);
    }
    moments_.assign(parameters_.size(), std::vector<Tensor>(slot_names_.size()));
    param_steps_.assign(parameters_.size(), 0);
}

void Optimizer::set_lr(double lr) {
    if (!(lr >= 0) || !std::isfinite(lr))
        throw ConfigError(fmt::format("{}: learning rate must be finite and ≥ 0 (got {})", name_, lr));
    lr_ = lr;
}

void Optimizer::set_decay(std::string_view name, bool on) {
    for (std::size_t i = 0; i < names_.size(); ++i)
        if (names_[i] == name) {
            decay_[i] = on;
            return;
        }
    throw ConfigError(fmt::format("{}::set_decay: no parameter is named '{}'", name_, name));
}

void Optimizer::step() {
    NoGradGuard no_grad;
    for (std::size_t i = 0; i < parameters_.size(); ++i) {
        Tensor& w = parameters_[i];
        Tensor g = w.grad();
        if (!g.defined()) continue;
        ++param_steps_[i];
        update(i, w, g);
    }
    ++steps_;
}

void Optimizer::zero_grad() {
    for (Tensor& p : parameters_) p.zero_grad();
}

Tensor& Optimizer::moment(std::size_t i, std::size_t slot, double initial, bool* fresh) {
    Tensor& m = moments_[i][slot];
    const bool allocate = !m.defined();
    if (allocate) m = Tensor::full(parameters_[i].shape(), initial, parameters_[i].dtype());
    if (fresh) *fresh = allocate;
    return m;
}

void Optimizer::require_positive(std::string_view what, double value) const {
    if (!(value > 0) || !std::isfinite(value))
        throw ConfigError(fmt::format("{}: {} must be > 0 (got {})", name_, what, value));
}

void Optimizer::require_non_negative(std::string_view what, double value) const {
    if (!(value >= 0) || !std::isfinite(value))
        throw ConfigError(fmt::format("{}: {} must be ≥ 0 (got {})", name_, what, value));
}

void Optimizer::require_unit(std::string_view what, double value) const {
    if (!(value >= 0 && value < 1))
        throw ConfigError(fmt::format("{}: {} must be in [0, 1) (got {})", name_, what, value));
}

std::vector<NamedTensor> Optimizer::state_dict() const {
    std::vector<NamedTensor> out{{"step", scalar_f64(static_cast<double>(steps_))}, {"lr", scalar_f64(lr_)}};
    for (std::size_t i = 0; i < parameters_.size(); ++i) {
        if (param_steps_[i] == 0) continue;
        out.push_back({names_[i] + ".step", scalar_f64(static_cast<double>(param_steps_[i]))});
        for (std::size_t k = 0; k < slot_names_.size(); ++k)
            if (moments_[i][k].defined()) out.push_back({names_[i] + "." + slot_names_[k], moments_[i][k].clone()});
    }
    return out;
}

void Optimizer::load_state_dict(const std::vector<NamedTensor>& state) {
    std::unordered_map<std::string, const Tensor*> by_name;
    for (const NamedTensor& t : state) by_name[t.name] = &t.tensor;
    auto take = [&](const std::string& key) -> const Tensor* {
        auto it = by_name.find(key);
        if (it == by_name.end()) return nullptr;
        const Tensor* t = it->second;
        by_name.erase(it);
        return t;
    };
    auto scalar = [&](const std::string& key, bool required) -> std::optional<double> {
        const Tensor* t = take(key);
        if (!t) {
            if (required) throw ConfigError(fmt::format("{}::load_state_dict: '{}' is missing", name_, key));
            return std::nullopt;
        }
        if (!t->defined() || t->numel() != 1)
            throw ShapeError(fmt::format("{}::load_state_dict: '{}' must hold one number", name_, key));
        return t->item();
    };

    // Check everything first, then assign: a failed load leaves the optimiser as it was.
    const double steps = *scalar("step", true);
    const double lr = *scalar("lr", true);
    std::vector<std::int64_t> param_steps(parameters_.size(), 0);
    std::vector<std::vector<Tensor>> moments(parameters_.size(), std::vector<Tensor>(slot_names_.size()));
    for (std::size_t i = 0; i < parameters_.size(); ++i) {
        if (auto s = scalar(names_[i] + ".step", false)) param_steps[i] = static_cast<std::int64_t>(*s);
        for (std::size_t k = 0; k < slot_names_.size(); ++k) {
            const std::string key = names_[i] + "." + slot_names_[k];
            const Tensor* t = take(key);
            if (!t) continue;
            if (!t->defined() || t->shape() != parameters_[i].shape() || t->dtype() != parameters_[i].dtype())
                throw ShapeError(fmt::format("{}::load_state_dict: '{}' is {} {}, parameter is {} {}", name_, key,
                                             t->defined() ? dtype_name(t->dtype()) : "undefined",
                                             t->defined() ? shape_str(t->shape()) : "", dtype_name(parameters_[i].dtype()),
                                             shape_str(parameters_[i].shape())));
            moments[i][k] = t->clone();
        }
    }
    for (const NamedTensor& t : state)  // the first leftover, in the order given
        if (by_name.count(t.name))
            throw ConfigError(fmt::format(
                "{}::load_state_dict: unexpected entry '{}' (not a state of this optimiser)", name_, t.name));
    set_lr(lr);
    steps_ = static_cast<std::int64_t>(steps);
    param_steps_ = std::move(param_steps);
    moments_ = std::move(moments);
}

// ---- GradientDescent ----

GradientDescent::GradientDescent(std::vector<Tensor> parameters, double lr)
    : Optimizer("GradientDescent", name_by_position(std::move(parameters)), lr, {}) {}

GradientDescent::GradientDescent(std::vector<NamedParameter> parameters, double lr)
    : Optimizer("GradientDescent", std::move(parameters), lr, {}) {}

// w ← w − η · g
void GradientDescent::update(std::size_t, Tensor& w, const Tensor& g) {
    detail::dispatch(w.dtype(), [&]<class T>() {
        T* pw = w.data<T>();
        const T* pg = g.data<T>();
        const T lr = static_cast<T>(lr_);
        const std::int64_t count = w.numel();
        for (std::int64_t i = 0; i < count; ++i) pw[i] -= lr * pg[i];
    });
}

}  // namespace axon
