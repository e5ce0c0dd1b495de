// gemm() on OpenBLAS's CBLAS interface.
#include "detail/gemm.hpp"

#include <cblas.h>
#include <fmt/format.h>

namespace axon::detail {

namespace {
CBLAS_TRANSPOSE op(bool trans) { return trans ? CblasTrans : CblasNoTrans; }
int blas_int(std::int64_t v) { return static_cast<int>(v); }
}  // namespace

template <>
void gemm<float>(bool trans_a, bool trans_b, std::int64_t m, std::int64_t n, std::int64_t k, float alpha,
                 const float* a, std::int64_t lda, const float* b, std::int64_t ldb, float beta, float* c,
                 std::int64_t ldc) {
    if (m == 0 || n == 0) return;
    cblas_sgemm(CblasRowMajor, op(trans_a), op(trans_b), blas_int(m), blas_int(n), blas_int(k), alpha, a,
                blas_int(lda), b, blas_int(ldb), beta, c, blas_int(ldc));
}

template <>
void gemm<double>(bool trans_a, bool trans_b, std::int64_t m, std::int64_t n, std::int64_t k, double alpha,
                  const double* a, std::int64_t lda, const double* b, std::int64_t ldb, double beta, double* c,
                  std::int64_t ldc) {
    if (m == 0 || n == 0) return;
    cblas_dgemm(CblasRowMajor, op(trans_a), op(trans_b), blas_int(m), blas_int(n), blas_int(k), alpha, a,
                blas_int(lda), b, blas_int(ldb), beta, c, blas_int(ldc));
}

}  // namespace axon::detail

#include "axon/error.hpp"
#include "axon/threads.hpp"

namespace axon {

void set_num_threads(int n) {
    if (n < 1) throw ConfigError(fmt::format("threads: the thread count must be ≥ 1 (got {})", n));
    openblas_set_num_threads(n);
}

int num_threads() { return openblas_get_num_threads(); }

}  // namespace axon
