#include "axon/layers/batch_norm.hpp"

#include "axon/ops/arithmetic.hpp"
#include "axon/ops/batch_norm.hpp"
#include "detail/dispatch.hpp"

namespace axon {

BatchNorm1d::BatchNorm1d(std::int64_t num_features, double eps, double momentum, DType dtype)
    : num_features_(num_features), eps_(eps), momentum_(momentum) {
    if (num_features <= 0)
        throw ConfigError(fmt::format("BatchNorm1d: num_features must be positive (got {})", num_features));
    if (!(eps > 0.0)) throw ConfigError(fmt::format("BatchNorm1d: eps must be > 0 (got {})", eps));
    if (!(momentum >= 0.0 && momentum <= 1.0))
        throw ConfigError(fmt::format("BatchNorm1d: momentum must be in [0, 1] (got {})", momentum));
    weight_ = Tensor::ones({num_features}, dtype).requires_grad_();
    bias_ = Tensor::zeros({num_features}, dtype).requires_grad_();
    running_mean_ = Tensor::zeros({num_features}, dtype);
    running_var_ = Tensor::ones({num_features}, dtype);
}

Tensor BatchNorm1d::forward(const Tensor& x) {
    if (x.ndim() != 2 || x.dim(1) != num_features_)
        throw ShapeError(fmt::format("BatchNorm1d::forward: input must be (N, {}) (got shape {})", num_features_,
                                     shape_str(x.shape())));
    if (x.dtype() != weight_.dtype())
        throw ShapeError(fmt::format("BatchNorm1d::forward: input is {}, layer is {} (input shape {})",
                                     dtype_name(x.dtype()), dtype_name(weight_.dtype()), shape_str(x.shape())));
    if (!training_) {
        // (x − running_mean) · (1/√(running_var + eps)) · γ + β; the buffers are constants here.
        Tensor rstd = ops::pow(ops::add_scalar(running_var_, eps_), -0.5);
        return (x - running_mean_) * (rstd * weight_) + bias_;
    }
    if (x.dim(0) <= 1)
        throw ShapeError(fmt::format(
            "BatchNorm1d::forward: expected more than 1 value per channel when training (got input shape {})",
            shape_str(x.shape())));
    ops::BatchNormStats stats;
    Tensor y = ops::batch_norm(x, weight_, bias_, eps_, &stats);
    const double n = static_cast<double>(x.dim(0));
    const double m = momentum_;
    detail::dispatch(x.dtype(), [&]<class T>() {
        T* rm = running_mean_.data<T>();
        T* rv = running_var_.data<T>();
        const T* mu = stats.mean.data<T>();
        const T* var = stats.var.data<T>();
        for (std::int64_t j = 0; j < num_features_; ++j) {
            rm[j] = static_cast<T>((1.0 - m) * static_cast<double>(rm[j]) + m * static_cast<double>(mu[j]));
            rv[j] = static_cast<T>((1.0 - m) * static_cast<double>(rv[j]) +
                                   m * static_cast<double>(var[j]) * n / (n - 1.0));
        }
    });
    ++num_batches_tracked_;
    return y;
}

std::string BatchNorm1d::describe() const {
    return fmt::format("BatchNorm1d({}, eps={}, momentum={})", num_features_, eps_, momentum_);
}

std::vector<NamedParameter> BatchNorm1d::named_parameters() {
    return {{"weight", weight_, false}, {"bias", bias_, false}};
}

std::vector<NamedParameter> BatchNorm1d::named_buffers() {
    return {{"running_mean", running_mean_, false}, {"running_var", running_var_, false}};
}

}  // namespace axon
