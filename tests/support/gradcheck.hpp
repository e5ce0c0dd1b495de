// Finite-difference gradient checks (STYLE.md §4) and seeded random tensors for tests.
#pragma once

#include <functional>
#include <vector>

#include <gtest/gtest.h>

#include "axon/axon.hpp"

namespace axon::test {

// Uniform values in [lo, hi), reproducible from `seed`.
Tensor uniform(const Shape& shape, double lo, double hi, unsigned seed, DType dtype = DType::f64);
// Like uniform, but every |value| ≥ margin: keeps inputs away from kinks (ReLU at 0, |x| at 0).
Tensor uniform_away_from_zero(const Shape& shape, double lo, double hi, double margin, unsigned seed,
                              DType dtype = DType::f64);

struct GradcheckOptions {
    double eps = 1e-6;   // central-difference step (float64)
    double rtol = 1e-6;  // fail only if |a − n| > atol and |a − n| > rtol·|n|
    double atol = 1e-8;
    std::vector<bool> skip;  // inputs not to check (labels, masks); by index
};

using TensorFunction = std::function<Tensor(const std::vector<Tensor>&)>;

// Checks ∂/∂inputs of sum(f(inputs) ⊙ r) for a fixed random r against central differences,
// in the inputs' dtype (use float64). The gradient buffers are pre-filled with a constant that is
// subtracted afterwards, so an op that assigns (=) instead of adding (+=) fails.
// The failure message names the op, input, shape, index, analytic and numeric values.
::testing::AssertionResult gradcheck(const std::string& name, const TensorFunction& f, std::vector<Tensor> inputs,
                                     const GradcheckOptions& options = {});

}  // namespace axon::test
