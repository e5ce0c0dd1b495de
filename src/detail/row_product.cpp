#include "detail/row_product.hpp"

#include "detail/cpu_features.hpp"

namespace axon::detail {

bool row_product_f32(bool trans_b, std::int64_t n, std::int64_t k, const float* a, std::int64_t a_stride,
                     const float* b, std::int64_t ldb, float* c, bool accumulate) {
    if (cpu_has_avx512_fma()) {
        row_product_f32_avx512(trans_b, n, k, a, a_stride, b, ldb, c, accumulate);
        return true;
    }
    if (cpu_has_avx2_fma()) {
        row_product_f32_avx2(trans_b, n, k, a, a_stride, b, ldb, c, accumulate);
        return true;
    }
    return false;
}

}  // namespace axon::detail
