// GELU (note 003, Hendrycks & Gimpel, arXiv:1606.08415): x·Φ(x), exact via erfc, or PyTorch's
// approximate='tanh' form.
#include <cmath>
#include <numbers>

#include "axon/autograd.hpp"
#include "axon/ops/activation.hpp"
#include "detail/elementwise.hpp"

namespace axon::ops {

namespace {

// Φ(x) = ½·erfc(−x/√2), the standard normal CDF. Equal to PyTorch's ½·(1 + erf(x/√2)), but
// without its cancellation for x ≪ 0, where 1 + erf(·) loses every digit that Φ has.
template <class T>
constexpr T kInvSqrt2 = T(1) / std::numbers::sqrt2_v<T>;  // <numbers> has no inv_sqrt2

template <class T>
T normal_cdf(T x) {
    return T(0.5) * std::erfc(-x * kInvSqrt2<T>);
}
// φ(x) = e^(−x²/2) / √(2π), the standard normal density.
template <class T>
T normal_pdf(T x) {
    constexpr T kInvSqrt2Pi = std::numbers::inv_sqrtpi_v<T> * kInvSqrt2<T>;
    return kInvSqrt2Pi * std::exp(T(-0.5) * x * x);
}

// The tanh approximation written with σ: ½·(1 + tanh(u)) = σ(2u), u = √(2/π)·(x + 0.044715·x³).
// Same function as PyTorch's 0.5·x·(1 + tanh(u)); the σ form keeps relative precision for x ≪ 0.
template <class T>
struct GeluTanhTerms {
    T s;   // σ(2u)
    T du;  // du/dx = √(2/π)·(1 + 3·0.044715·x²)
};
template <class T>
GeluTanhTerms<T> gelu_tanh_terms(T x) {
    constexpr T kBeta = std::numbers::sqrt2_v<T> * std::numbers::inv_sqrtpi_v<T>;  // √(2/π)
    constexpr T kKappa = T(0.044715);
    const T two_u = T(2) * kBeta * (x + kKappa * x * x * x);
    const T e = std::exp(-std::abs(two_u));  // two-branch σ, as in sigmoid.cpp: no overflow
    const T r = T(1) / (T(1) + e);
    return {two_u >= T(0) ? r : e * r, kBeta * (T(1) + T(3) * kKappa * x * x)};
}

}  // namespace

// NOTE: float32 inputs are evaluated in double and rounded once. The tail of Φ is ill-conditioned
// (a relative error ε in the argument of erfc becomes ≈ x²·ε in Φ), so rounding x/√2 or u to float
// cost gelu(−4.4) about 20 ulp; in double every float32 result is within an ulp of exact.

// ---- gelu (exact) -------------------------------------------------------------------------
// y = x·Φ(x)    x: any shape, y: same shape    saves: x
// dx += dy ⊙ (Φ(x) + x·φ(x))
struct Gelu final : Node {
    Tensor x_;
    std::string_view name() const override { return "gelu"; }
    Tensor forward(std::span<const Tensor> in) {
        if (recording()) x_ = in[0];
        return detail::map(in[0], [](auto v) {
            const double x = v;
            return x * normal_cdf(x);
        });
    }
    void backward(const Tensor& dy, std::span<Tensor> dx) override {
        detail::accumulate(dx[0], dy, x_, [](auto g, auto v) {
            const double x = v;
            return g * (normal_cdf(x) + x * normal_pdf(x));
        });
    }
};

// ---- gelu (tanh approximation, PyTorch approximate='tanh') ---------------------------------
// y = ½·x·(1 + tanh(u)) = x·σ(2u),  u = √(2/π)·(x + 0.044715·x³)    x: any shape, y: same    saves: x
// dx += dy ⊙ (σ(2u) + x·2σ(2u)(1 − σ(2u))·du/dx)      [½(1 − tanh²u) = 2σ(2u)(1 − σ(2u))]
struct GeluTanh final : Node {
    Tensor x_;
    std::string_view name() const override { return "gelu_tanh"; }
    Tensor forward(std::span<const Tensor> in) {
        if (recording()) x_ = in[0];
        return detail::map(in[0], [](auto v) {
            const double x = v;
            return x * gelu_tanh_terms(x).s;
        });
    }
    void backward(const Tensor& dy, std::span<Tensor> dx) override {
        detail::accumulate(dx[0], dy, x_, [](auto g, auto v) {
            const double x = v;
            const auto [s, du] = gelu_tanh_terms(x);
            return g * (s + 2 * x * s * (1 - s) * du);
        });
    }
};

Tensor gelu(const Tensor& x, GeluApproximation approximation) {
    if (approximation == GeluApproximation::tanh) return record<GeluTanh>({x});
    return record<Gelu>({x});
}

}  // namespace axon::ops
