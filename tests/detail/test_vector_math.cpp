// tanh (Eigen) and exp (SLEEF) over float32 arrays: every kernel this CPU can run, against <cmath> in double,
// for every tail length, the saturated and overflowing ranges, infinities and NaN.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "detail/vector_math.hpp"

namespace axon::detail {
namespace {

using Kernel = void (*)(const float*, float*, std::int64_t);

struct KernelCase {
    std::string name;
    Kernel tanh_kernel, exp_kernel;
    bool runs_here;
};

std::vector<KernelCase> kernels() {
    return {{"dispatched", tanh_f32, exp_f32, true},
            {"avx2", tanh_f32_avx2, exp_f32_avx2, __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")},
            {"avx512", tanh_f32_avx512, exp_f32_avx512, __builtin_cpu_supports("avx512f") != 0}};
}

// -12 .. 12 (tanh saturates at ±9), with irregular spacing so that lanes differ.
std::vector<float> sample_inputs(std::size_t n) {
    std::vector<float> x(n);
    for (std::size_t i = 0; i < n; ++i) x[i] = static_cast<float>(-12.0 + 24.0 * std::fmod(static_cast<double>(i) * 0.6180339887, 1.0));
    return x;
}

// |got - want| within `ulps` units of float's last place at |want| (with a floor for results near 0).
void expect_close(float got, double want, double ulps, const std::string& what) {
    const double ulp = std::max(std::abs(want), 1e-30) * std::numeric_limits<float>::epsilon();
    EXPECT_LE(std::abs(got - want), ulps * ulp) << what << ": got " << got << ", want " << want;
}

TEST(VectorMath, TanhIsWithinFourUlpsForEveryLengthAndKernel) {
    for (const auto& k : kernels()) {
        if (!k.runs_here) continue;
        for (std::size_t n : {0u, 1u, 7u, 8u, 9u, 15u, 16u, 17u, 33u, 200u, 3200u}) {
            const auto x = sample_inputs(n);
            std::vector<float> y(n + 1, -7.0f);  // one guard element past the end
            k.tanh_kernel(x.data(), y.data(), static_cast<std::int64_t>(n));
            for (std::size_t i = 0; i < n; ++i)
                expect_close(y[i], std::tanh(static_cast<double>(x[i])), 4, k.name + " tanh n=" + std::to_string(n));
            EXPECT_EQ(y[n], -7.0f) << k.name << " wrote past the end at n=" << n;
        }
    }
}

TEST(VectorMath, ExpIsWithinTwoUlpsForEveryLengthAndKernel) {
    for (const auto& k : kernels()) {
        if (!k.runs_here) continue;
        for (std::size_t n : {1u, 5u, 16u, 31u, 1000u}) {
            auto x = sample_inputs(n);
            for (auto& v : x) v *= 7;  // -84 .. 84: underflow to denormals and up to 3e36
            std::vector<float> y(n);
            k.exp_kernel(x.data(), y.data(), static_cast<std::int64_t>(n));
            for (std::size_t i = 0; i < n; ++i) {
                const double want = std::exp(static_cast<double>(x[i]));
                if (want < std::numeric_limits<float>::min()) continue;  // denormal results: flushed or not
                expect_close(y[i], want, 2, k.name + " exp");
            }
        }
    }
}

TEST(VectorMath, SpecialValuesAndInPlaceUse) {
    const float inf = std::numeric_limits<float>::infinity(), nan = std::numeric_limits<float>::quiet_NaN();
    for (const auto& k : kernels()) {
        if (!k.runs_here) continue;
        std::vector<float> x = {inf, -inf, nan, 0.0f, -0.0f, 100.0f, -100.0f, 1e-30f, 89.0f, -104.0f};
        std::vector<float> t = x, e = x;
        k.tanh_kernel(t.data(), t.data(), static_cast<std::int64_t>(t.size()));  // in place
        k.exp_kernel(e.data(), e.data(), static_cast<std::int64_t>(e.size()));
        EXPECT_EQ(t[0], 1.0f) << k.name;
        EXPECT_EQ(t[1], -1.0f) << k.name;
        EXPECT_TRUE(std::isnan(t[2])) << k.name;
        EXPECT_EQ(t[3], 0.0f) << k.name;
        EXPECT_TRUE(std::signbit(t[4])) << k.name << ": tanh(-0) is -0";
        EXPECT_EQ(t[5], 1.0f) << k.name;
        EXPECT_EQ(t[6], -1.0f) << k.name;
        EXPECT_FLOAT_EQ(t[7], 1e-30f) << k.name;
        EXPECT_EQ(e[0], inf) << k.name;
        EXPECT_EQ(e[1], 0.0f) << k.name;
        EXPECT_TRUE(std::isnan(e[2])) << k.name;
        EXPECT_EQ(e[3], 1.0f) << k.name;
        EXPECT_EQ(e[8], inf) << k.name << ": exp(89) overflows float";
        EXPECT_EQ(e[9], 0.0f) << k.name;
    }
}

TEST(VectorMath, WideAndNarrowKernelsAgreeBitForBit) {
    if (!__builtin_cpu_supports("avx512f") || !__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma"))
        GTEST_SKIP() << "this CPU lacks AVX-512 or AVX2: nothing to compare";
    const auto x = sample_inputs(3200);
    std::vector<float> narrow(x.size()), wide(x.size());
    tanh_f32_avx2(x.data(), narrow.data(), static_cast<std::int64_t>(x.size()));
    tanh_f32_avx512(x.data(), wide.data(), static_cast<std::int64_t>(x.size()));
    EXPECT_EQ(narrow, wide) << "a model's outputs would depend on the CPU's vector width";
    exp_f32_avx2(x.data(), narrow.data(), static_cast<std::int64_t>(x.size()));
    exp_f32_avx512(x.data(), wide.data(), static_cast<std::int64_t>(x.size()));
    EXPECT_EQ(narrow, wide);
}

}  // namespace
}  // namespace axon::detail
