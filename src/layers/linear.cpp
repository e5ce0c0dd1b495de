#include "axon/layers/linear.hpp"

#include <cmath>

#include "detail/dispatch.hpp"

namespace axon {

namespace {
Tensor uniform_tensor(const Shape& shape, double bound, DType dtype, Generator& generator) {
    Tensor t = Tensor::empty(shape, dtype);
    detail::dispatch(dtype, [&]<class T>() {
        T* p = t.data<T>();
        const std::int64_t count = t.numel();
        for (std::int64_t i = 0; i < count; ++i) p[i] = static_cast<T>(generator.uniform(-bound, bound));
    });
    return t;
}
}  // namespace

Linear::Linear(std::int64_t in_features, std::int64_t out_features, bool bias, DType dtype, Generator& generator)
    : in_features_(in_features), out_features_(out_features) {
    if (in_features <= 0 || out_features <= 0)
        throw ConfigError(fmt::format("Linear: sizes must be positive (got {} → {})", in_features, out_features));
    // PyTorch: kaiming_uniform_(a=√5) gives bound √(6/((1+a²)·D)) = 1/√D; the bias uses 1/√D too.
    const double bound = 1.0 / std::sqrt(static_cast<double>(in_features));
    weight_ = uniform_tensor({out_features, in_features}, bound, dtype, generator).requires_grad_();
    if (bias) bias_ = uniform_tensor({out_features}, bound, dtype, generator).requires_grad_();
}

void Linear::check_input(const Tensor& x) const {
    if (x.ndim() != 2 || x.dim(1) != in_features_)
        throw ShapeError(fmt::format("Linear::forward: input has {} features, layer expects {} (input shape {})",
                                     x.ndim() == 2 ? x.dim(1) : x.dim(-1), in_features_, shape_str(x.shape())));
}

Tensor Linear::forward(const Tensor& x) {
    check_input(x);
    return ops::linear(x, weight_, bias_);
}

Tensor Linear::forward(const Tensor& x, ops::FusedActivation activation) {
    check_input(x);
    return ops::linear(x, weight_, bias_, activation);
}

std::string Linear::describe() const {
    return fmt::format("Linear({} → {}{})", in_features_, out_features_, bias_.defined() ? "" : ", no bias");
}

std::vector<NamedParameter> Linear::named_parameters() {
    std::vector<NamedParameter> out{{"weight", weight_, true}};
    if (bias_.defined()) out.push_back({"bias", bias_, false});
    return out;
}

}  // namespace axon
