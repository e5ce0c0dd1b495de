// Shared by the losses in src/ops/loss_*.cpp: argument checks and the final reduction.
#pragma once

#include "axon/error.hpp"
#include "axon/ops/loss.hpp"
#include "axon/ops/reduce.hpp"
#include "axon/tensor.hpp"

namespace axon::detail {

// A target must match its input exactly (no broadcasting: a (N, 1) target against (N,) outputs
// would silently give an (N, N) loss).
inline void require_target_like(const Tensor& x, const Tensor& t, const char* op, const char* x_name = "input") {
    if (!x.defined() || !t.defined()) throw ShapeError(fmt::format("{}: {} or target is undefined", op, x_name));
    if (x.shape() != t.shape())
        throw ShapeError(fmt::format("{}: {} shape {} and target shape {} differ", op, x_name, shape_str(x.shape()),
                                     shape_str(t.shape())));
    if (x.dtype() != t.dtype())
        throw ShapeError(fmt::format("{}: {} dtype {} and target dtype {} differ (shape {})", op, x_name,
                                     dtype_name(x.dtype()), dtype_name(t.dtype()), shape_str(x.shape())));
}

// Losses given as (N, C): logits, log-probabilities, class distributions.
inline void require_batch_of_rows(const Tensor& x, const char* op, const char* x_name) {
    if (!x.defined() || x.ndim() != 2)
        throw ShapeError(fmt::format("{}: {} must be (N, C), got shape {}", op, x_name,
                                     x.defined() ? shape_str(x.shape()) : std::string("undefined")));
}

// per_item: per-element or per-sample losses. mean and sum are composed (differentiable) ops.
inline Tensor reduce_loss(const Tensor& per_item, ops::Reduction reduction) {
    switch (reduction) {
        case ops::Reduction::mean: return ops::mean(per_item);
        case ops::Reduction::sum: return ops::sum(per_item);
        case ops::Reduction::none: return per_item;
    }
    throw ConfigError("reduce_loss: unknown reduction");
}

}  // namespace axon::detail
