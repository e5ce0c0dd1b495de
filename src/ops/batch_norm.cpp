// batch_norm: training-mode batch normalisation over the batch axis of (N, C), forward and fused
// backward. The derivation of the backward is in docs/batch_norm.md.
#include "axon/ops/batch_norm.hpp"

#include <cmath>
#include <vector>

#include "axon/autograd.hpp"
#include "detail/elementwise.hpp"

namespace axon::ops {

using detail::dispatch;

// ---- batch_norm ---------------------------------------------------------------------------
// x: (N, C), γ, β: (C,)  →  y: (N, C)         saves: x̂ (N, C), rstd (C,), γ (C,)
//   μ = mean_n x,  σ² = mean_n (x − μ)²,  rstd = 1/√(σ² + eps),  x̂ = (x − μ)·rstd,  y = γ x̂ + β
// backward:
//   dβ += Σ_n dy,   dγ += Σ_n dy ⊙ x̂,   dx += (γ·rstd/N) ⊙ (N·dy − Σ_n dy − x̂ ⊙ Σ_n (dy ⊙ x̂))
struct BatchNorm final : Node {
    double eps_;
    BatchNormStats* stats_;
    Tensor x_hat_, rstd_, weight_;
    BatchNorm(double eps, BatchNormStats* stats) : eps_(eps), stats_(stats) {}
    std::string_view name() const override { return "batch_norm"; }

    Tensor forward(std::span<const Tensor> in) {
        const Tensor& x = in[0];
        const Tensor& w = in[1];
        const Tensor& b = in[2];
        const std::int64_t n = x.dim(0), c = x.dim(1);
        Tensor y = Tensor::empty(x.shape(), x.dtype());
        Tensor x_hat = Tensor::empty(x.shape(), x.dtype());
        Tensor rstd = Tensor::empty({c}, x.dtype());
        Tensor mean = Tensor::empty({c}, x.dtype());
        Tensor var = Tensor::empty({c}, x.dtype());
        dispatch(x.dtype(), [&]<class T>() {
            const T* px = x.data<T>();
            const T* pw = w.data<T>();
            const T* pb = b.data<T>();
            T* py = y.data<T>();
            T* ph = x_hat.data<T>();
            // Two passes (mean, then squared deviations): no cancellation as in E[x²] − E[x]².
            std::vector<double> mu(static_cast<std::size_t>(c), 0.0), sq(static_cast<std::size_t>(c), 0.0);
            for (std::int64_t i = 0; i < n; ++i)
                for (std::int64_t j = 0; j < c; ++j) mu[j] += static_cast<double>(px[i * c + j]);
            for (double& m : mu) m /= static_cast<double>(n);
            for (std::int64_t i = 0; i < n; ++i)
                for (std::int64_t j = 0; j < c; ++j) {
                    const double d = static_cast<double>(px[i * c + j]) - mu[j];
                    sq[j] += d * d;
                }
            std::vector<double> r(static_cast<std::size_t>(c));
            for (std::int64_t j = 0; j < c; ++j) {
                const double v = sq[j] / static_cast<double>(n);
                r[j] = 1.0 / std::sqrt(v + eps_);
                mean.data<T>()[j] = static_cast<T>(mu[j]);
                var.data<T>()[j] = static_cast<T>(v);
                rstd.data<T>()[j] = static_cast<T>(r[j]);
            }
            for (std::int64_t i = 0; i < n; ++i)
                for (std::int64_t j = 0; j < c; ++j) {
                    const double h = (static_cast<double>(px[i * c + j]) - mu[j]) * r[j];
                    ph[i * c + j] = static_cast<T>(h);
                    py[i * c + j] = static_cast<T>(static_cast<double>(pw[j]) * h + static_cast<double>(pb[j]));
                }
        });
        if (stats_) *stats_ = {mean, var};
        stats_ = nullptr;  // the caller's struct may not outlive the graph
        if (recording()) {
            x_hat_ = x_hat;
            rstd_ = rstd;
            weight_ = w.detach();
        }
        return y;
    }

    void backward(const Tensor& dy, std::span<Tensor> dx) override {
        const std::int64_t n = x_hat_.dim(0), c = x_hat_.dim(1);
        dispatch(dy.dtype(), [&]<class T>() {
            const T* pdy = dy.data<T>();
            const T* ph = x_hat_.data<T>();
            const T* pr = rstd_.data<T>();
            const T* pw = weight_.data<T>();
            // Σ_n dy and Σ_n dy ⊙ x̂, per channel.
            std::vector<double> sum_dy(static_cast<std::size_t>(c), 0.0), sum_dy_xh(static_cast<std::size_t>(c), 0.0);
            for (std::int64_t i = 0; i < n; ++i)
                for (std::int64_t j = 0; j < c; ++j) {
                    const double g = static_cast<double>(pdy[i * c + j]);
                    sum_dy[j] += g;
                    sum_dy_xh[j] += g * static_cast<double>(ph[i * c + j]);
                }
            if (dx[0].defined()) {
                T* pdx = dx[0].data<T>();
                const double nn = static_cast<double>(n);
                for (std::int64_t i = 0; i < n; ++i)
                    for (std::int64_t j = 0; j < c; ++j) {
                        const double k = static_cast<double>(pw[j]) * static_cast<double>(pr[j]) / nn;
                        const double g = nn * static_cast<double>(pdy[i * c + j]) - sum_dy[j] -
                                         static_cast<double>(ph[i * c + j]) * sum_dy_xh[j];
                        pdx[i * c + j] += static_cast<T>(k * g);
                    }
            }
            if (dx[1].defined()) {
                T* pdw = dx[1].data<T>();
                for (std::int64_t j = 0; j < c; ++j) pdw[j] += static_cast<T>(sum_dy_xh[j]);
            }
            if (dx[2].defined()) {
                T* pdb = dx[2].data<T>();
                for (std::int64_t j = 0; j < c; ++j) pdb[j] += static_cast<T>(sum_dy[j]);
            }
        });
    }
};

Tensor batch_norm(const Tensor& x, const Tensor& weight, const Tensor& bias, double eps, BatchNormStats* stats) {
    if (x.ndim() != 2)
        throw ShapeError(fmt::format("batch_norm: input must be (N, C) (got shape {})", shape_str(x.shape())));
    const Shape channels{x.dim(1)};
    if (weight.shape() != channels || bias.shape() != channels)
        throw ShapeError(fmt::format("batch_norm: weight and bias must be (C,) = {} (got {} and {}; input shape {})",
                                     shape_str(channels), shape_str(weight.shape()), shape_str(bias.shape()),
                                     shape_str(x.shape())));
    if (weight.dtype() != x.dtype() || bias.dtype() != x.dtype())
        throw ShapeError(fmt::format("batch_norm: dtypes differ (input {}, weight {}, bias {})", dtype_name(x.dtype()),
                                     dtype_name(weight.dtype()), dtype_name(bias.dtype())));
    if (x.dim(0) <= 1)
        throw ShapeError(fmt::format("batch_norm: expected more than 1 value per channel when training (input shape {})",
                                     shape_str(x.shape())));
    if (!(eps > 0.0)) throw ConfigError(fmt::format("batch_norm: eps must be > 0 (got {})", eps));
    return record<BatchNorm>({x, weight, bias}, eps, stats);
}

}  // namespace axon::ops
