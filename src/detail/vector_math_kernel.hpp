// The body of tanh_f32_avx2/avx512 and exp_f32_avx2/avx512 (vector_math.hpp), compiled once per
// instruction set by vector_math_avx2.cpp and vector_math_avx512.cpp: one register (8 or 16 floats) at
// a time, the tail padded into a register of its own so that every element goes through the same code.
#include "detail/isa_kernel.hpp"

#include <sleef.h>

#include <cstdint>
#include <cstring>

#include "detail/vector_math.hpp"

namespace axon::detail {

namespace {

using Packet = Eigen::internal::packet_traits<float>::type;
constexpr int kWidth = sizeof(Packet) / sizeof(float);

template <class F>
void apply(const float* x, float* y, std::int64_t n, F f) {
    namespace ei = Eigen::internal;
    std::int64_t i = 0;
    for (; i + kWidth <= n; i += kWidth) ei::pstoreu(y + i, f(ei::ploadu<Packet>(x + i)));
    if (i == n) return;
    // memcpy, not std::copy_n: a std template instantiated here would be built for this file's
    // instruction set, and the linker could hand that copy to the baseline code as well.
    alignas(64) float tail[kWidth] = {};
    const auto bytes = static_cast<std::size_t>(n - i) * sizeof(float);
    std::memcpy(tail, x + i, bytes);
    ei::pstore(tail, f(ei::pload<Packet>(tail)));
    std::memcpy(y + i, tail, bytes);
}

Packet exp_packet(Packet v) {
#if defined(__AVX512F__)
    return Sleef_expf16_u10avx512f(v);
#else
    return Sleef_expf8_u10avx2(v);
#endif
}

}  // namespace

void AXON_ISA_NAME(tanh_f32)(const float* x, float* y, std::int64_t n) {
    apply(x, y, n, [](Packet v) { return Eigen::internal::ptanh(v); });
}

void AXON_ISA_NAME(exp_f32)(const float* x, float* y, std::int64_t n) { apply(x, y, n, exp_packet); }

}  // namespace axon::detail
