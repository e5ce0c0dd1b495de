#include "axon/layers/flatten.hpp"

#include "axon/ops/shape.hpp"

namespace axon {

Tensor Flatten::forward(const Tensor& x) {
    if (x.ndim() < 1)
        throw ShapeError("Flatten::forward: input needs a batch axis (got a scalar, shape ())");
    return ops::flatten(x);
}

}  // namespace axon
