// Dropout (note 003; Srivastava et al. 2014): randomly kill units at training time.
//   input: any shape, output: same shape; no parameters, no buffers.
//
// Two forms, selected by DropoutMode; p is the probability of DROPPING a unit (PyTorch's p, the
// notes' h_k), each unit is kept with probability 1 − p by an independent Bernoulli mask h:
//   inverted (default, PyTorch's): training y = x ⊙ h / (1 − p);  eval y = x.
//   classic (note 003's):          training y = x ⊙ h;            eval y = (1 − p)·x  ("rescaling needed at test time").
// The two are equivalent in expectation: E[h] = 1 − p, so in training E[y] = x for the inverted form
// and E[y] = (1 − p)·x for the classic one, which is exactly what each form outputs in evaluation.
// Inverted = classic / (1 − p) in training and in evaluation alike, so the two forms learn the same
// network up to a factor 1 − p that the next layer's weights absorb; the inverted form pays that
// factor during training, so evaluation needs no rescaling.
//
// train() vs eval(): training draws a new mask from the generator at every forward; evaluation is
// deterministic and draws nothing.
#pragma once

#include <cstdint>

#include "axon/layers/module.hpp"
#include "axon/random.hpp"

namespace axon {

enum class DropoutMode : std::uint8_t { inverted, classic };

class Dropout : public Module {
public:
    // Requires 0 ≤ p < 1 (p = 0 is the identity in both modes); throws ConfigError otherwise.
    // The generator must outlive the layer; masks are drawn from it in row-major order.
    explicit Dropout(double p = 0.5, DropoutMode mode = DropoutMode::inverted,
                     Generator& generator = default_generator());

    Tensor forward(const Tensor& x) override;
    std::string describe() const override;  // "Dropout(p=0.5)" or "Dropout(p=0.5, classic)"

    double p() const { return p_; }
    DropoutMode mode() const { return mode_; }
    // The keep-mask (0/1, the input's shape and dtype) of the last training-mode forward;
    // undefined before the first one or when p = 0.
    const Tensor& mask() const { return mask_; }

private:
    double p_;
    DropoutMode mode_;
    Generator* generator_;
    Tensor mask_;
};

}  // namespace axon
