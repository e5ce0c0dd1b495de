// tanh and exp over float32 arrays, vectorised where the CPU has AVX2 and FMA (AVX-512 where it has
// it): glibc's scalar tanhf costs ~95 instructions per element, which made tanh 60% of the
// instructions of W3's tiny-network step (callgrind, bench/RESULTS.md).
// tanh is Eigen's rational approximation (the one TensorFlow's CPU kernels use): a 13th/6th-degree
// ratio of polynomials, clamped at ±7.9988, where it reaches ±1. Over every float in [-10, 10] its
// error is at most 4.9 ULP (relative error < 6e-7). SLEEF's u35 tanh, used before, is within 2.8 ULP,
// but took 1,060 ns for W3's 3,200 activations on AVX-512 against Eigen's 422 ns, and was a third of
// W3's step. exp is SLEEF's u10 (1.0 ULP, as glibc). Every element goes through the same vector code
// (the tail is padded), and the AVX2 and AVX-512 kernels compute the same operations in the same
// order, so a value depends neither on its position in the array nor on the CPU's vector width.
// float64 stays on <cmath>: it serves the gradient checks, where speed does not matter.
#pragma once

#include <cstdint>

namespace axon::detail {

// y[i] = tanh(x[i]) for i < n; y may alias x.
void tanh_f32(const float* x, float* y, std::int64_t n);
// y[i] = exp(x[i]) for i < n; y may alias x.
void exp_f32(const float* x, float* y, std::int64_t n);

// The kernels behind them, for the tests: call one only on a CPU that has its instructions.
void tanh_f32_avx2(const float* x, float* y, std::int64_t n);
void exp_f32_avx2(const float* x, float* y, std::int64_t n);
void tanh_f32_avx512(const float* x, float* y, std::int64_t n);
void exp_f32_avx512(const float* x, float* y, std::int64_t n);

}  // namespace axon::detail
