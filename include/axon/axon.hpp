// Everything in axon's public API, for programs that prefer one include.
#pragma once

#include "axon/autograd.hpp"
#include "axon/error.hpp"
#include "axon/layers/activation.hpp"
#include "axon/layers/linear.hpp"
#include "axon/layers/module.hpp"
#include "axon/layers/sequential.hpp"
#include "axon/ops/activation.hpp"
#include "axon/ops/arithmetic.hpp"
#include "axon/ops/loss.hpp"
#include "axon/ops/matmul.hpp"
#include "axon/ops/reduce.hpp"
#include "axon/ops/shape.hpp"
#include "axon/optim/optimizer.hpp"
#include "axon/random.hpp"
#include "axon/tensor.hpp"
