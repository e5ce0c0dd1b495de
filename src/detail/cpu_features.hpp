// What this CPU can run, asked once. The AVX2 and AVX-512 kernels (vector_math_*.cpp, row_product_*.cpp)
// are built with -mfma as well, so each check includes FMA. The library itself is built for baseline
// x86-64, so these checks decide whether those kernels may be called at all.
#pragma once

namespace axon::detail {

inline bool cpu_has_avx2_fma() {
#if defined(__x86_64__)
    static const bool has = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    return has;
#else
    return false;
#endif
}

inline bool cpu_has_avx512_fma() {
#if defined(__x86_64__)
    static const bool has = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("fma");
    return has;
#else
    return false;
#endif
}

}  // namespace axon::detail
