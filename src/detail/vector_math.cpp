// Runtime choice between the AVX-512 kernels (vector_math_avx512.cpp, -mavx512f -mfma), the AVX2 ones
// (vector_math_avx2.cpp, -mavx2 -mfma) and <cmath>: the library is built for baseline x86-64 and must
// run on CPUs without either (detail/cpu_features.hpp).
#include "detail/vector_math.hpp"

#include <cmath>

#include "detail/cpu_features.hpp"

namespace axon::detail {

void tanh_f32(const float* x, float* y, std::int64_t n) {
    if (cpu_has_avx512_fma()) return tanh_f32_avx512(x, y, n);
    if (cpu_has_avx2_fma()) return tanh_f32_avx2(x, y, n);
    for (std::int64_t i = 0; i < n; ++i) y[i] = std::tanh(x[i]);
}

void exp_f32(const float* x, float* y, std::int64_t n) {
    if (cpu_has_avx512_fma()) return exp_f32_avx512(x, y, n);
    if (cpu_has_avx2_fma()) return exp_f32_avx2(x, y, n);
    for (std::int64_t i = 0; i < n; ++i) y[i] = std::exp(x[i]);
}

}  // namespace axon::detail
