// The AVX2 + FMA kernels of vector_math.hpp: eight floats per SLEEF call. This file alone is built
// with -mavx2 -mfma (CMakeLists.txt); it is only called after a CPU check.
#include <immintrin.h>
#include <sleef.h>

#include "detail/vector_math.hpp"

#include <algorithm>
#include <cstdint>

namespace axon::detail {

namespace {

template <class F>
void apply8(const float* x, float* y, std::int64_t n, F f) {
    std::int64_t i = 0;
    for (; i + 8 <= n; i += 8) _mm256_storeu_ps(y + i, f(_mm256_loadu_ps(x + i)));
    if (i == n) return;
    alignas(32) float tail[8] = {};
    const auto rest = static_cast<std::size_t>(n - i);
    std::copy_n(x + i, rest, tail);
    _mm256_store_ps(tail, f(_mm256_load_ps(tail)));
    std::copy_n(tail, rest, y + i);
}

}  // namespace

void tanh_f32_avx2(const float* x, float* y, std::int64_t n) {
    apply8(x, y, n, [](__m256 v) { return Sleef_tanhf8_u35avx2(v); });
}

void exp_f32_avx2(const float* x, float* y, std::int64_t n) {
    apply8(x, y, n, [](__m256 v) { return Sleef_expf8_u10avx2(v); });
}

}  // namespace axon::detail
