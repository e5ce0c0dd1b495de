// Everything in axon's public API, for programs that prefer one include.
#pragma once

#include "axon/autograd.hpp"
#include "axon/error.hpp"
#include "axon/ops/activation.hpp"
#include "axon/ops/arithmetic.hpp"
#include "axon/ops/loss.hpp"
#include "axon/ops/matmul.hpp"
#include "axon/ops/reduce.hpp"
#include "axon/ops/shape.hpp"
#include "axon/tensor.hpp"
