// Initialisers: fans and gains as torch.nn.init, values drawn element by element in row-major order
// from one Generator, so the result depends only on the seed and the shape.
#include "axon/init.hpp"

#include <cmath>

#include "detail/dispatch.hpp"

namespace axon::init {

namespace {

void check_defined(const Tensor& t, const char* where) {
    if (!t.defined()) throw ShapeError(fmt::format("{}: the tensor is undefined", where));
}

// Fills t from draw(), in row-major order, cast to t's dtype.
template <class Draw>
void fill_with(Tensor& t, Draw&& draw) {
    detail::dispatch(t.dtype(), [&]<class T>() {
        T* p = t.data<T>();
        const std::int64_t count = t.numel();
        for (std::int64_t i = 0; i < count; ++i) p[i] = static_cast<T>(draw());
    });
}

Fans fans_of(const Tensor& t, const char* where) {
    check_defined(t, where);
    if (t.ndim() < 2)
        throw ShapeError(fmt::format("{}: fan in and fan out need at least 2 dimensions (shape {})", where,
                                     shape_str(t.shape())));
    return compute_fans(t.shape());
}

double kaiming_std(const Tensor& t, const KaimingOptions& options, const char* where) {
    const Fans fans = fans_of(t, where);
    const std::int64_t fan = options.mode == FanMode::fan_in ? fans.fan_in : fans.fan_out;
    if (fan == 0) return 0.0;  // an empty tensor: nothing will be drawn
    return calculate_gain(options.nonlinearity, options.a) / std::sqrt(static_cast<double>(fan));
}

double xavier_std(const Tensor& t, double gain, const char* where) {
    const Fans fans = fans_of(t, where);
    if (fans.fan_in + fans.fan_out == 0) return 0.0;
    return gain * std::sqrt(2.0 / static_cast<double>(fans.fan_in + fans.fan_out));
}

}  // namespace

Nonlinearity nonlinearity_from_name(std::string_view name) {
    if (name == "linear" || name == "identity") return Nonlinearity::linear;
    if (name == "sigmoid") return Nonlinearity::sigmoid;
    if (name == "tanh") return Nonlinearity::tanh;
    if (name == "relu") return Nonlinearity::relu;
    if (name == "leaky_relu") return Nonlinearity::leaky_relu;
    if (name == "selu") return Nonlinearity::selu;
    throw ConfigError(fmt::format(
        "init: unknown nonlinearity '{}' (expected linear, identity, sigmoid, tanh, relu, leaky_relu or selu)", name));
}

double calculate_gain(Nonlinearity nonlinearity, double slope) {
    switch (nonlinearity) {
        case Nonlinearity::linear:
        case Nonlinearity::sigmoid: return 1.0;
        case Nonlinearity::tanh: return 5.0 / 3.0;
        case Nonlinearity::relu: return std::sqrt(2.0);
        case Nonlinearity::leaky_relu: return std::sqrt(2.0 / (1.0 + slope * slope));
        case Nonlinearity::selu: return 3.0 / 4.0;
    }
    return 1.0;
}

// (O, D, K...) → fan_in = D·∏K, fan_out = O·∏K
Fans compute_fans(const Shape& shape) {
    if (shape.size() < 2)
        throw ShapeError(fmt::format("compute_fans: fan in and fan out need at least 2 dimensions (shape {})",
                                     shape_str(shape)));
    std::int64_t receptive = 1;
    for (std::size_t i = 2; i < shape.size(); ++i) receptive *= shape[i];
    return {shape[1] * receptive, shape[0] * receptive};
}

Tensor zeros_(Tensor t) { return constant_(std::move(t), 0.0); }
Tensor ones_(Tensor t) { return constant_(std::move(t), 1.0); }

Tensor constant_(Tensor t, double value) {
    check_defined(t, "init::constant_");
    t.fill_(value);
    return t;
}

Tensor uniform_(Tensor t, double lo, double hi, Generator& generator) {
    check_defined(t, "init::uniform_");
    if (!(lo <= hi)) throw ConfigError(fmt::format("init::uniform_: lo must be ≤ hi (got lo {}, hi {})", lo, hi));
    fill_with(t, [&] { return generator.uniform(lo, hi); });
    return t;
}

Tensor normal_(Tensor t, double mean, double stddev, Generator& generator) {
    check_defined(t, "init::normal_");
    if (!(stddev >= 0)) throw ConfigError(fmt::format("init::normal_: std must be ≥ 0 (got {})", stddev));
    fill_with(t, [&] { return generator.normal(mean, stddev); });
    return t;
}

Tensor xavier_uniform_(Tensor t, double gain, Generator& generator) {
    const double a = std::sqrt(3.0) * xavier_std(t, gain, "init::xavier_uniform_");
    return uniform_(std::move(t), -a, a, generator);
}

Tensor xavier_normal_(Tensor t, double gain, Generator& generator) {
    const double stddev = xavier_std(t, gain, "init::xavier_normal_");
    return normal_(std::move(t), 0.0, stddev, generator);
}

Tensor kaiming_uniform_(Tensor t, KaimingOptions options, Generator& generator) {
    const double bound = std::sqrt(3.0) * kaiming_std(t, options, "init::kaiming_uniform_");
    return uniform_(std::move(t), -bound, bound, generator);
}

Tensor kaiming_normal_(Tensor t, KaimingOptions options, Generator& generator) {
    const double stddev = kaiming_std(t, options, "init::kaiming_normal_");
    return normal_(std::move(t), 0.0, stddev, generator);
}

}  // namespace axon::init
