// Sums in double over eight running sums: one chain of dependent additions waits on the adder's latency
// at every element (4 cycles: W3's 200-element loss took longer than its arithmetic), eight chains run
// at its throughput, and each chain rounds over an eighth of the terms.
#pragma once

#include <cstdint>

namespace axon::detail {

// Σ_{i < n} term(i), each term converted to double; the same order, and so the same bits, on every call.
template <class Term>
double sum_in_double(std::int64_t n, Term term) {
    constexpr std::int64_t kChains = 8;
    double chain[kChains] = {};
    std::int64_t i = 0;
    for (; i + kChains <= n; i += kChains)
        for (std::int64_t j = 0; j < kChains; ++j) chain[j] += static_cast<double>(term(i + j));
    for (std::int64_t j = 0; i < n; ++i, ++j) chain[j] += static_cast<double>(term(i));
    return ((chain[0] + chain[1]) + (chain[2] + chain[3])) + ((chain[4] + chain[5]) + (chain[6] + chain[7]));
}

}  // namespace axon::detail
