// NumPy broadcasting: walking an output shape while tracking where each input element lives.
#pragma once

#include <vector>

#include "axon/tensor.hpp"

namespace axon::detail {

// Strides of `in` seen from an output of shape `out` (0 along broadcast dimensions).
inline std::vector<std::int64_t> broadcast_strides(const Shape& in, const Shape& out) {
    std::vector<std::int64_t> strides(out.size(), 0);
    std::int64_t stride = 1;
    for (std::size_t k = 0; k < in.size(); ++k) {
        std::size_t i = in.size() - 1 - k;
        std::size_t o = out.size() - 1 - k;
        strides[o] = in[i] == 1 ? 0 : stride;
        stride *= in[i];
    }
    return strides;
}

// Calls f(out_index, a_index, b_index) for every element of `out`, in row-major order.
template <class F>
void broadcast_for_each(const Shape& out, const Shape& a, const Shape& b, F f) {
    const std::int64_t n = shape_numel(out);
    if (a == out && b == out) {
        for (std::int64_t i = 0; i < n; ++i) f(i, i, i);
        return;
    }
    if (n == 0) return;
    const auto sa = broadcast_strides(a, out);
    const auto sb = broadcast_strides(b, out);
    const std::size_t rank = out.size();
    std::vector<std::int64_t> index(rank, 0);
    std::int64_t ia = 0, ib = 0;
    for (std::int64_t i = 0; i < n; ++i) {
        f(i, ia, ib);
        for (std::size_t k = rank; k-- > 0;) {  // odometer: advance the last axis, carry leftwards
            ++index[k];
            ia += sa[k];
            ib += sb[k];
            if (index[k] < out[k]) break;
            ia -= sa[k] * out[k];
            ib -= sb[k] * out[k];
            index[k] = 0;
        }
    }
}

}  // namespace axon::detail
