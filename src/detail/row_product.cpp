#include "detail/row_product.hpp"

namespace axon::detail {

bool row_product_f32(bool trans_b, std::int64_t n, std::int64_t k, const float* a, std::int64_t a_stride,
                     const float* b, std::int64_t ldb, float* c, bool accumulate) {
#if defined(__x86_64__)
    static const bool has_avx512 = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("fma");
    static const bool has_avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    if (has_avx512) {
        row_product_f32_avx512(trans_b, n, k, a, a_stride, b, ldb, c, accumulate);
        return true;
    }
    if (has_avx2) {
        row_product_f32_avx2(trans_b, n, k, a, a_stride, b, ldb, c, accumulate);
        return true;
    }
#endif
    return false;
}

}  // namespace axon::detail
