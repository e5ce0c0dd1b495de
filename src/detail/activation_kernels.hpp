// The forward loops of relu, sigmoid and tanh and their derivatives written in terms of the output,
// shared by the activation ops and by the fused linear + activation op, so that both give the same bits.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <type_traits>

#include "detail/multiversion.hpp"
#include "detail/vector_math.hpp"

namespace axon::detail {

// max(0, v), written as a select (v < 0 ? 0 : v) so that GCC vectorises it and NaN propagates as in
// PyTorch.
inline constexpr auto relu_value = [](auto v) { return v < decltype(v)(0) ? decltype(v)(0) : v; };

// y = max(0, x). y may alias x.
template <class T>
AXON_MULTIVERSION void relu_forward(const T* x, T* y, std::int64_t n) {
    for (std::int64_t i = 0; i < n; ++i) y[i] = relu_value(x[i]);
}

// y = σ(x) in the two-branch form on e = e^−|x| ∈ (0, 1], which never overflows:
//   x ≥ 0: σ = 1 / (1 + e)      x < 0: σ = e / (1 + e)
// NOTE: the textbook 1 / (1 + exp(−x)) overflows exp for x ≲ −89 in float (−710 in double); the result
// still rounds to 0 there, but the inf is a trap under -ffinite-math or in the derivative.
// float32 takes e from SLEEF's vectorised exp, a block at a time so that y may alias x.
template <class T>
AXON_MULTIVERSION void sigmoid_forward(const T* x, T* y, std::int64_t n) {
    if constexpr (std::is_same_v<T, float>) {
        constexpr std::int64_t kBlock = 256;
        float e[kBlock];
        for (std::int64_t i0 = 0; i0 < n; i0 += kBlock) {
            const std::int64_t m = std::min(kBlock, n - i0);
            for (std::int64_t i = 0; i < m; ++i) e[i] = -std::abs(x[i0 + i]);
            exp_f32(e, e, m);
            for (std::int64_t i = 0; i < m; ++i) {
                const float r = 1.0f / (1.0f + e[i]);
                y[i0 + i] = x[i0 + i] >= 0.0f ? r : e[i] * r;
            }
        }
    } else {
        for (std::int64_t i = 0; i < n; ++i) {
            const T e = std::exp(-std::abs(x[i]));
            const T r = T(1) / (T(1) + e);
            y[i] = x[i] >= T(0) ? r : e * r;
        }
    }
}

// y = tanh(x). std::tanh saturates to ±1 without overflow and keeps full relative precision near 0
// (where 2σ(2x) − 1 would cancel); float32 runs on Eigen's vectorised tanh. y may alias x.
template <class T>
void tanh_forward(const T* x, T* y, std::int64_t n) {
    if constexpr (std::is_same_v<T, float>) {
        tanh_f32(x, y, n);
    } else {
        for (std::int64_t i = 0; i < n; ++i) y[i] = std::tanh(x[i]);
    }
}

// dy ⊙ f'(x), given y = f(x): relu' = [y > 0] (0 at x = 0, as PyTorch), σ' = y(1 − y), tanh' = 1 − y².
inline constexpr auto relu_backward = [](auto dy, auto y) { return y > decltype(y)(0) ? dy : decltype(dy)(0); };
inline constexpr auto sigmoid_backward = [](auto dy, auto y) { return dy * y * (decltype(y)(1) - y); };
inline constexpr auto tanh_backward = [](auto dy, auto y) { return dy * (decltype(y)(1) - y * y); };

}  // namespace axon::detail
