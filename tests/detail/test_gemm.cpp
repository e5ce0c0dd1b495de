// detail::gemm against a double-precision triple loop, on every route it takes: one row (Eigen), one column (gemv),
// tiny products (libxsmm; OpenBLAS for α ≠ 1), large ones (oneDNN, one thread and all threads), each transpose, α and
// β, and leading dimensions wider than the matrices.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "axon/random.hpp"
#include "axon/threads.hpp"
#include "detail/gemm.hpp"

namespace {

struct Case {
    bool trans_a, trans_b;
    std::int64_t m, n, k;
    float alpha, beta;
};

std::vector<float> random_values(std::int64_t count, std::uint64_t seed) {
    axon::Generator gen(seed);
    std::vector<float> v(static_cast<std::size_t>(count));
    for (auto& x : v) x = static_cast<float>(gen.uniform(-1.0, 1.0));
    return v;
}

// Runs gemm with leading dimensions `pad` wider than the matrices and compares every element of C with
// the reference, and checks that the padding is left untouched.
void check(const Case& c, std::int64_t pad = 3) {
    const std::int64_t a_rows = c.trans_a ? c.k : c.m, a_cols = c.trans_a ? c.m : c.k;
    const std::int64_t b_rows = c.trans_b ? c.n : c.k, b_cols = c.trans_b ? c.k : c.n;
    const std::int64_t lda = a_cols + pad, ldb = b_cols + pad, ldc = c.n + pad;
    const auto a = random_values(a_rows * lda, 1), b = random_values(b_rows * ldb, 2);
    auto out = random_values(c.m * ldc, 3);
    const auto before = out;
    axon::detail::gemm<float>(c.trans_a, c.trans_b, c.m, c.n, c.k, c.alpha, a.data(), lda, b.data(), ldb, c.beta,
                              out.data(), ldc);
    for (std::int64_t i = 0; i < c.m; ++i)
        for (std::int64_t j = 0; j < ldc; ++j) {
            const auto at = static_cast<std::size_t>(i * ldc + j);
            if (j >= c.n) {
                ASSERT_EQ(out[at], before[at]) << "padding of C changed at row " << i << " column " << j;
                continue;
            }
            double sum = 0;
            for (std::int64_t p = 0; p < c.k; ++p) {
                const double av = a[static_cast<std::size_t>(c.trans_a ? p * lda + i : i * lda + p)];
                const double bv = b[static_cast<std::size_t>(c.trans_b ? j * ldb + p : p * ldb + j)];
                sum += av * bv;
            }
            const double expected = c.alpha * sum + (c.beta == 0 ? 0.0 : c.beta * before[at]);
            ASSERT_NEAR(out[at], expected, 1e-4 * (1 + std::abs(expected)))
                << "gemm trans_a " << c.trans_a << " trans_b " << c.trans_b << " (" << c.m << ", " << c.n << ", "
                << c.k << ") alpha " << c.alpha << " beta " << c.beta << " at (" << i << ", " << j << ")";
        }
}

void check_all_transposes(std::int64_t m, std::int64_t n, std::int64_t k, std::int64_t pad = 3) {
    for (bool ta : {false, true})
        for (bool tb : {false, true})
            for (float beta : {0.0f, 1.0f}) check({ta, tb, m, n, k, 1.0f, beta}, pad);
    check({false, true, m, n, k, 0.5f, 2.0f}, pad);
}

TEST(Gemm, OneRowMatchesReference) {  // batch-1 inference and the dX of a batch of one
    check_all_transposes(1, 256, 784);
    check_all_transposes(1, 10, 128);
}

TEST(Gemm, OneColumnMatchesReference) {  // a one-output layer (gemv), with tight and padded leading dimensions
    check_all_transposes(200, 1, 16, 0);
    check_all_transposes(37, 1, 5, 0);
    check_all_transposes(200, 1, 16);
}

TEST(Gemm, TinyProductsMatchReference) {  // every product of W3's 2-16-16-1 net on 200 points, and odd sizes
    check_all_transposes(200, 16, 2);
    check_all_transposes(200, 16, 16);
    check_all_transposes(16, 16, 200);
    check_all_transposes(16, 2, 200);
    check_all_transposes(200, 1, 16);
    check_all_transposes(48, 3, 50);  // few columns: computed as Cᵀ = Bᵀ·A when A is transposed
    check_all_transposes(7, 5, 3);
    check({false, true, 20, 6, 4, 0.5f, 1.0f});  // α ≠ 1: OpenBLAS
    check({true, false, 20, 6, 4, -2.0f, 0.0f});
}

TEST(Gemm, LargeProductsMatchReferenceAtOneAndTwoThreads) {
    const int saved = axon::num_threads();
    for (int threads : {1, 2}) {
        axon::set_num_threads(threads);
        check_all_transposes(64, 96, 80);     // below the parallel threshold: one thread
        check_all_transposes(256, 256, 160);  // above it
    }
    axon::set_num_threads(saved);
}

}  // namespace
