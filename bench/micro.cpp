// axon_bench: Google Benchmark micro-benchmarks of the hot paths at the shapes of issue 4's workloads.
// items/s are samples/s (rows of the batch) except for the optimiser steps (parameters updated/s).
//
//   ./build/bench/bench/axon_bench                                 everything
//   ./build/bench/bench/axon_bench --benchmark_filter=W1_step       one family
//
// Threads: the last argument of a benchmark, when named "threads", sets axon::set_num_threads;
// the others run at the library's default (all cores).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "axon/layers/activation.hpp"
#include "axon/layers/linear.hpp"
#include "axon/layers/sequential.hpp"
#include "axon/ops/activation.hpp"
#include "axon/ops/loss.hpp"
#include "axon/ops/matmul.hpp"
#include "axon/ops/reduce.hpp"
#include "axon/optim/adam.hpp"
#include "axon/optim/sgd.hpp"
#include "axon/random.hpp"
#include "axon/tensor.hpp"
#include "axon/threads.hpp"

namespace {

using namespace axon;

Tensor uniform(const Shape& shape, std::uint64_t seed, double lo = -1.0, double hi = 1.0) {
    Generator gen(seed);
    std::vector<float> v(static_cast<std::size_t>(shape_numel(shape)));
    for (float& e : v) e = static_cast<float>(gen.uniform(lo, hi));
    return Tensor::from(v, shape);
}

std::vector<std::int32_t> labels(std::int64_t n, std::int64_t classes, std::uint64_t seed) {
    Generator gen(seed);
    std::vector<std::int32_t> y(static_cast<std::size_t>(n));
    for (auto& l : y) l = static_cast<std::int32_t>(gen.below(static_cast<std::uint64_t>(classes)));
    return y;
}

Sequential mlp(const std::vector<std::int64_t>& sizes, const char* activation) {
    manual_seed(0);
    Sequential net;
    for (std::size_t i = 0; i + 1 < sizes.size(); ++i) {
        net.emplace<Linear>(sizes[i], sizes[i + 1]);
        if (i + 2 < sizes.size()) net.emplace<Activation>(activation);
    }
    return net;
}

void set_items(benchmark::State& state, std::int64_t per_iteration) {
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * per_iteration);
}

// ---- ops::linear: y = x·wᵀ + b, x (N, D), w (O, D) -------------------------------------------------
// Args: N, D, O.
void BM_linear_forward(benchmark::State& state) {
    const std::int64_t n = state.range(0), d = state.range(1), o = state.range(2);
    const Tensor x = uniform({n, d}, 1), w = uniform({o, d}, 2, -0.05, 0.05), b = uniform({o}, 3);
    NoGradGuard no_grad;
    for (auto _ : state) benchmark::DoNotOptimize(ops::linear(x, w, b));
    set_items(state, n);
    state.counters["GFLOP/s"] = benchmark::Counter(static_cast<double>(state.iterations()) * 2.0 * static_cast<double>(n * d * o) / 1e9,
                                                   benchmark::Counter::kIsRate);
}
// Forward + backward of one layer whose input needs no gradient (layer 1 of W1), plus sum() to
// have a scalar to differentiate (an extra (N, O) pass each way).
void BM_linear_forward_backward(benchmark::State& state) {
    const std::int64_t n = state.range(0), d = state.range(1), o = state.range(2);
    const Tensor x = uniform({n, d}, 1);
    Tensor w = uniform({o, d}, 2, -0.05, 0.05), b = uniform({o}, 3);
    w.requires_grad_();
    b.requires_grad_();
    for (auto _ : state) {
        w.zero_grad();
        b.zero_grad();
        ops::sum(ops::linear(x, w, b)).backward();
    }
    set_items(state, n);
    // forward 2NDO, dW 2NDO (dX not needed).
    state.counters["GFLOP/s"] = benchmark::Counter(static_cast<double>(state.iterations()) * 4.0 * static_cast<double>(n * d * o) / 1e9,
                                                   benchmark::Counter::kIsRate);
}
#define LINEAR_SHAPES                                                                                               \
    Args({128, 784, 256})->Args({128, 256, 128})->Args({128, 128, 10})->Args({32, 784, 256})->Args({512, 784, 256}) \
        ->Args({1, 784, 256})->Args({1000, 784, 256})
BENCHMARK(BM_linear_forward)->ArgNames({"N", "D", "O"})->LINEAR_SHAPES;
BENCHMARK(BM_linear_forward_backward)->ArgNames({"N", "D", "O"})->LINEAR_SHAPES;

// ---- ReLU, (N, O) = (128, 256) ----------------------------------------------------------------------
void BM_relu_forward(benchmark::State& state) {
    const Tensor x = uniform({state.range(0), state.range(1)}, 4);
    NoGradGuard no_grad;
    for (auto _ : state) benchmark::DoNotOptimize(ops::relu(x));
    set_items(state, state.range(0));
}
void BM_relu_forward_backward(benchmark::State& state) {
    Tensor x = uniform({state.range(0), state.range(1)}, 4);
    x.requires_grad_();
    for (auto _ : state) {
        x.zero_grad();
        ops::sum(ops::relu(x)).backward();
    }
    set_items(state, state.range(0));
}
BENCHMARK(BM_relu_forward)->ArgNames({"N", "O"})->Args({128, 256})->Args({128, 128});
BENCHMARK(BM_relu_forward_backward)->ArgNames({"N", "O"})->Args({128, 256})->Args({128, 128});

// ---- softmax cross-entropy, logits (N, C) = (128, 10) ----------------------------------------------
void BM_cross_entropy_forward_backward(benchmark::State& state) {
    Tensor z = uniform({state.range(0), state.range(1)}, 5, -3.0, 3.0);
    z.requires_grad_();
    const std::vector<std::int32_t> y = labels(state.range(0), state.range(1), 6);
    for (auto _ : state) {
        z.zero_grad();
        ops::cross_entropy(z, y).backward();
    }
    set_items(state, state.range(0));
}
BENCHMARK(BM_cross_entropy_forward_backward)->ArgNames({"N", "C"})->Args({128, 10})->Args({32, 10})->Args({512, 10});

// ---- optimiser steps over W1's parameters (235,146 floats), gradients fixed --------------------------
template <class Opt, class Options>
void optimizer_step(benchmark::State& state, Options options) {
    Sequential net = mlp({784, 256, 128, 10}, "relu");
    std::int64_t count = 0;
    std::uint64_t seed = 10;
    for (Tensor& p : net.parameters()) {
        p.set_grad(uniform(p.shape(), seed++, -1e-3, 1e-3));
        count += p.numel();
    }
    Opt opt(net.named_parameters(), options);
    for (auto _ : state) opt.step();
    set_items(state, count);
}
void BM_sgd_momentum_step(benchmark::State& state) {
    optimizer_step<SGD>(state, SGDOptions{.lr = 0.05, .momentum = 0.9});
}
void BM_adam_step(benchmark::State& state) { optimizer_step<Adam>(state, AdamOptions{.lr = 1e-3}); }
BENCHMARK(BM_sgd_momentum_step);
BENCHMARK(BM_adam_step);

// ---- W1: one training step of 784-256-128-10 ReLU, CE, SGD momentum 0.9 (batch pre-gathered) --------
// Args: batch, threads.
void BM_W1_step(benchmark::State& state) {
    const std::int64_t n = state.range(0);
    set_num_threads(static_cast<int>(state.range(1)));
    Sequential net = mlp({784, 256, 128, 10}, "relu");
    SGD opt(net.named_parameters(), SGDOptions{.lr = 0.05, .momentum = 0.9});
    const Tensor x = uniform({n, 784}, 7, 0.0, 1.0);
    const std::vector<std::int32_t> y = labels(n, 10, 8);
    for (auto _ : state) {
        opt.zero_grad();
        ops::cross_entropy(net(x), y).backward();
        opt.step();
    }
    set_items(state, n);
    set_num_threads(2);
}
BENCHMARK(BM_W1_step)
    ->ArgNames({"batch", "threads"})
    ->ArgsProduct({{32, 128, 512}, {1, 2}})
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();

// ---- W2: inference of the same net, NoGradGuard ----------------------------------------------------
// Args: batch, threads. Batch 1 reports latency as the time per iteration.
void BM_W2_infer(benchmark::State& state) {
    const std::int64_t n = state.range(0);
    set_num_threads(static_cast<int>(state.range(1)));
    Sequential net = mlp({784, 256, 128, 10}, "relu");
    net.eval();
    const Tensor x = uniform({n, 784}, 9, 0.0, 1.0);
    NoGradGuard no_grad;
    for (auto _ : state) benchmark::DoNotOptimize(net(x));
    set_items(state, n);
    set_num_threads(2);
}
BENCHMARK(BM_W2_infer)
    ->ArgNames({"batch", "threads"})
    ->ArgsProduct({{1, 1000}, {1, 2}})
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();

// ---- W3: one full-batch step of 2-16-16-1 tanh, MSE, GD lr 0.1, 200 points ----------------------------
void BM_W3_step(benchmark::State& state) {
    set_num_threads(static_cast<int>(state.range(0)));
    Sequential net = mlp({2, 16, 16, 1}, "tanh");
    SGD opt(net.named_parameters(), SGDOptions{.lr = 0.1});
    const Tensor x = uniform({200, 2}, 11, -2.0, 2.0);
    const Tensor t = uniform({200, 1}, 12, 0.0, 1.0);
    for (auto _ : state) {
        opt.zero_grad();
        ops::mse_loss(net(x), t).backward();
        opt.step();
    }
    set_items(state, 200);
    state.counters["steps/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
    set_num_threads(2);
}
BENCHMARK(BM_W3_step)->ArgNames({"threads"})->Arg(1)->Arg(2)->Unit(benchmark::kMicrosecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
