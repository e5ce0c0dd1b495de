// Runs a kernel written once as a template for the element type of a runtime dtype:
//   dispatch(x.dtype(), [&]<class T>() { ... x.data<T>() ... });
#pragma once

#include "axon/tensor.hpp"

namespace axon::detail {

template <class F>
decltype(auto) dispatch(DType dtype, F&& kernel) {
    if (dtype == DType::f64) return kernel.template operator()<double>();
    return kernel.template operator()<float>();
}

}  // namespace axon::detail
