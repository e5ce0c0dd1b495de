#include "axon/layers/dropout.hpp"

#include "axon/ops/arithmetic.hpp"
#include "axon/ops/dropout.hpp"

namespace axon {

Dropout::Dropout(double p, DropoutMode mode, Generator& generator) : p_(p), mode_(mode), generator_(&generator) {
    if (!(p >= 0.0 && p < 1.0))
        throw ConfigError(fmt::format("Dropout: drop probability p must be in [0, 1) (got {})", p));
}

Tensor Dropout::forward(const Tensor& x) {
    if (p_ == 0.0) return x;
    if (!training_) return mode_ == DropoutMode::inverted ? x : ops::scale(x, 1.0 - p_);
    mask_ = ops::dropout_mask(x.shape(), p_, x.dtype(), *generator_);
    return ops::masked_scale(x, mask_, mode_ == DropoutMode::inverted ? 1.0 / (1.0 - p_) : 1.0);
}

std::string Dropout::describe() const {
    return fmt::format("Dropout(p={}{})", p_, mode_ == DropoutMode::classic ? ", classic" : "");
}

}  // namespace axon
