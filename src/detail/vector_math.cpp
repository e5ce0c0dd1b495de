// Runtime choice between the AVX-512 kernels (vector_math_avx512.cpp, -mavx512f), the AVX2 ones
// (vector_math_avx2.cpp, -mavx2 -mfma) and <cmath>: the library is built for baseline x86-64 and must
// run on CPUs without either.
#include "detail/vector_math.hpp"

#include <cmath>

namespace axon::detail {

namespace {

bool has_avx2_fma() {
#if defined(__x86_64__)
    static const bool has = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    return has;
#else
    return false;
#endif
}

bool has_avx512f() {
#if defined(__x86_64__)
    static const bool has = __builtin_cpu_supports("avx512f");
    return has;
#else
    return false;
#endif
}

}  // namespace

void tanh_f32(const float* x, float* y, std::int64_t n) {
    if (has_avx512f()) return tanh_f32_avx512(x, y, n);
    if (has_avx2_fma()) return tanh_f32_avx2(x, y, n);
    for (std::int64_t i = 0; i < n; ++i) y[i] = std::tanh(x[i]);
}

void exp_f32(const float* x, float* y, std::int64_t n) {
    if (has_avx512f()) return exp_f32_avx512(x, y, n);
    if (has_avx2_fma()) return exp_f32_avx2(x, y, n);
    for (std::int64_t i = 0; i < n; ++i) y[i] = std::exp(x[i]);
}

}  // namespace axon::detail
