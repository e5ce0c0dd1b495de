// tanh and exp over float32 arrays, vectorised with SLEEF (Debian libsleef-dev) where the CPU has
// AVX2 and FMA: glibc's scalar tanhf costs ~95 instructions per element, which made tanh 60% of
// the instructions of W3's tiny-network step (callgrind, bench/RESULTS.md).
// Accuracy: exp is SLEEF's u10 (1.0 ULP, as glibc); tanh is u35 (3.5 ULP, relative error < 4e-7),
// which costs 50 instructions per 8 floats against 118 for u10 (callgrind). Every element goes through the
// same vector code (the tail is padded), so a value does not depend on its position in the array.
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
