// One-row products (batch-1 inference, a bias-free layer's weight gradient) on Eigen's matrix-vector
// kernels, built for AVX-512 and for AVX2 + FMA and chosen at run time. For W2's 1×256×784 layer they
// take 7.5 µs against 8.4 µs for OpenBLAS's sgemv (whose Haswell kernel this CPU gets) and 1.3 against
// 1.6 µs for the 1×128×256 one: batch-1 latency is the sum of such products.
#pragma once

#include <cstdint>

namespace axon::detail {

// c (1×n) = a (1×k) · op(B) when accumulate is false, c += a · op(B) otherwise. op(B) is B (k×n, row-major
// with leading dimension ldb) or, when trans_b, Bᵀ for B stored (n×k); a's elements are a_stride apart.
// Returns false when this CPU has neither AVX2 + FMA nor AVX-512: the caller then uses BLAS.
bool row_product_f32(bool trans_b, std::int64_t n, std::int64_t k, const float* a, std::int64_t a_stride,
                     const float* b, std::int64_t ldb, float* c, bool accumulate);

// The kernels behind it, for the tests: call one only on a CPU that has its instructions.
void row_product_f32_avx2(bool trans_b, std::int64_t n, std::int64_t k, const float* a, std::int64_t a_stride,
                          const float* b, std::int64_t ldb, float* c, bool accumulate);
void row_product_f32_avx512(bool trans_b, std::int64_t n, std::int64_t k, const float* a, std::int64_t a_stride,
                            const float* b, std::int64_t ldb, float* c, bool accumulate);

}  // namespace axon::detail
