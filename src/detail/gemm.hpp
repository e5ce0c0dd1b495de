// The one entry to matrix multiplication: C = α·op(A)·op(B) + β·C, row-major.
// Which library computes it (oneDNN for float32, OpenBLAS for float64) is decided here and nowhere else.
#pragma once

#include <cstdint>

namespace axon::detail {

template <class T>
void gemm(bool trans_a, bool trans_b, std::int64_t m, std::int64_t n, std::int64_t k, T alpha, const T* a,
          std::int64_t lda, const T* b, std::int64_t ldb, T beta, T* c, std::int64_t ldc);

}  // namespace axon::detail
