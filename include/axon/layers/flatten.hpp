// Flatten: keeps the batch axis and joins all the others, as PyTorch's nn.Flatten() does.
//   input (N, d1, d2, ...), output (N, d1·d2·...); (N,) becomes (N, 1). No parameters; train and
//   eval behave the same. The output shares the input's data (ops::flatten is a view).
#pragma once

#include "axon/layers/module.hpp"

namespace axon {

class Flatten : public Module {
public:
    // Throws ShapeError when x is a scalar (no batch axis).
    Tensor forward(const Tensor& x) override;
    std::string describe() const override { return "Flatten()"; }
};

}  // namespace axon
