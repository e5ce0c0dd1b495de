// One-row products on Eigen (detail/row_product.hpp): each kernel this CPU can run, both layouts of B,
// a strided a, padded leading dimensions, assignment and accumulation, against a double reference.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "detail/row_product.hpp"

namespace axon::detail {
namespace {

using Kernel = void (*)(bool, std::int64_t, std::int64_t, const float*, std::int64_t, const float*, std::int64_t,
                        float*, bool);

std::vector<float> values(std::size_t count, int seed) {
    std::vector<float> v(count);
    for (std::size_t i = 0; i < count; ++i) v[i] = static_cast<float>(std::sin(0.37 * static_cast<double>(i) + seed));
    return v;
}

void check(const std::string& name, Kernel kernel, bool trans_b, std::int64_t n, std::int64_t k, std::int64_t a_stride,
           bool accumulate) {
    const std::int64_t ldb = (trans_b ? k : n) + 5;  // padded rows
    const auto a = values(static_cast<std::size_t>(k * a_stride), 1);
    const auto b = values(static_cast<std::size_t>((trans_b ? n : k) * ldb), 2);
    auto c = values(static_cast<std::size_t>(n) + 1, 3);  // one guard element past the end
    const auto before = c;
    kernel(trans_b, n, k, a.data(), a_stride, b.data(), ldb, c.data(), accumulate);
    for (std::int64_t j = 0; j < n; ++j) {
        double sum = accumulate ? before[static_cast<std::size_t>(j)] : 0.0;
        for (std::int64_t p = 0; p < k; ++p)
            sum += static_cast<double>(a[static_cast<std::size_t>(p * a_stride)]) *
                   b[static_cast<std::size_t>(trans_b ? j * ldb + p : p * ldb + j)];
        ASSERT_NEAR(c[static_cast<std::size_t>(j)], sum, 1e-4 * (1 + std::abs(sum)))
            << name << " trans_b " << trans_b << " n " << n << " k " << k << " stride " << a_stride << " at " << j;
    }
    EXPECT_EQ(c[static_cast<std::size_t>(n)], before[static_cast<std::size_t>(n)]) << name << " wrote past the end";
}

TEST(RowProduct, EveryKernelMatchesTheReference) {
    struct Case {
        std::string name;
        Kernel kernel;
        bool runs_here;
    };
    const bool fma = __builtin_cpu_supports("fma");
    const std::vector<Case> kernels = {{"avx2", row_product_f32_avx2, __builtin_cpu_supports("avx2") && fma},
                                       {"avx512", row_product_f32_avx512, __builtin_cpu_supports("avx512f") && fma}};
    int ran = 0;
    for (const auto& kc : kernels) {
        if (!kc.runs_here) continue;
        ++ran;
        for (bool trans_b : {true, false})
            for (bool accumulate : {false, true}) {
                check(kc.name, kc.kernel, trans_b, 256, 784, 1, accumulate);  // W2's first layer
                check(kc.name, kc.kernel, trans_b, 10, 128, 1, accumulate);
                check(kc.name, kc.kernel, trans_b, 17, 33, 3, accumulate);  // odd sizes, strided a
                check(kc.name, kc.kernel, trans_b, 1, 1, 1, accumulate);
            }
    }
    if (ran == 0) GTEST_SKIP() << "this CPU has neither AVX2 + FMA nor AVX-512: the BLAS fallback is tested by Gemm.*";
}

}  // namespace
}  // namespace axon::detail
