// Losses of the course. Each returns a scalar reduced by the mean unless asked otherwise.
// "Mean" follows PyTorch: over every element for elementwise losses (MSE, BCE), over the batch
// for per-sample losses (cross-entropy, KL).
#pragma once

#include <cstdint>
#include <span>

#include "axon/tensor.hpp"

namespace axon::ops {

enum class Reduction { mean, sum, none };

// Mean squared error: mean((y − t)²). y, t: same shape.
Tensor mse_loss(const Tensor& y, const Tensor& t, Reduction reduction = Reduction::mean);
// Squared error summed over the training samples, as in note 004: SE = Σ ‖y − t‖².
Tensor se_loss(const Tensor& y, const Tensor& t);

// Binary cross-entropy on probabilities p ∈ [0, 1] (after a sigmoid):
//   −[t·log p + (1 − t)·log(1 − p)], with log clamped at −100 as PyTorch does.
Tensor bce_loss(const Tensor& p, const Tensor& t, Reduction reduction = Reduction::mean);
// The same loss on logits z, in the stable form max(z, 0) − z·t + log(1 + e^−|z|).
// Its gradient with respect to z is σ(z) − t (note 002's output delta y − t).
Tensor bce_with_logits_loss(const Tensor& z, const Tensor& t, Reduction reduction = Reduction::mean);

// Softmax cross-entropy from logits z: (N, C), integer labels in [0, C):
//   −log softmax(z)[label], fused: backward is (softmax(z) − onehot(label)) / N.
// Throws ConfigError naming the sample and value when a label is out of range.
Tensor cross_entropy(const Tensor& z, std::span<const std::int32_t> labels, Reduction reduction = Reduction::mean);
// The same with a target distribution q: (N, C) (one-hot or probabilities): −Σ_c q_c log softmax(z)_c.
Tensor cross_entropy(const Tensor& z, const Tensor& q, Reduction reduction = Reduction::mean);

// KL(q ‖ p) = Σ q (log q − log p), with log p given as log-probabilities (N, C) (from log_softmax)
// and q as probabilities (N, C); terms with q = 0 count 0. Mean over the batch (PyTorch's "batchmean").
Tensor kl_div(const Tensor& log_p, const Tensor& q, Reduction reduction = Reduction::mean);

// The L2 penalty on weights, in the course's two conventions. Biases are left out by passing only
// weights (Module::weights() does that).
//   l2_penalty_mean: λ/(2N) · Σ w²   (note 002, N the number of training samples); gradient λ/N · w
//   l2_penalty:      λ · Σ ‖W‖²      (note 003);                                   gradient 2λ · W
Tensor l2_penalty_mean(std::span<const Tensor> weights, double lambda, std::int64_t n_samples);
Tensor l2_penalty(std::span<const Tensor> weights, double lambda);

}  // namespace axon::ops
