// A training step that has run once allocates nothing the next time (issue 4: "no allocation in the
// steady-state training step"): tensor data comes back from the block cache, tensor headers, graph nodes,
// their edge lists and shapes from the per-thread free lists, the backward walk's vectors are kept.
// operator new is replaced in this program to count calls, which is why it is a program of its own.
// Products of oneDNN's size are left out: oneDNN 2.6 builds an argument map in every execute call
// (about five small allocations), which its API offers no way around; these nets run on libxsmm.
// Under AddressSanitizer the free lists and the block cache are off by design, and the tests skip.
#include <gtest/gtest.h>

#include <cstdlib>
#include <new>
#include <vector>

#include "axon/autograd.hpp"
#include "axon/layers/activation.hpp"
#include "axon/layers/linear.hpp"
#include "axon/layers/sequential.hpp"
#include "axon/ops/loss.hpp"
#include "axon/optim/adam.hpp"
#include "axon/optim/sgd.hpp"
#include "axon/random.hpp"
#include "axon/tensor.hpp"

#if !defined(__SANITIZE_ADDRESS__)
namespace {
thread_local bool counting = false;
thread_local long allocations = 0;

void* counted_malloc(std::size_t bytes) {
    if (counting) ++allocations;
    if (void* p = std::malloc(bytes == 0 ? 1 : bytes)) return p;
    throw std::bad_alloc();
}
}  // namespace

void* operator new(std::size_t bytes) { return counted_malloc(bytes); }
void* operator new[](std::size_t bytes) { return counted_malloc(bytes); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
#endif

namespace axon {
namespace {

// Allocations made by `step` on its third run (the first two fill the caches and the free lists).
template <class F>
long allocations_in_steady_step(F step) {
#if defined(__SANITIZE_ADDRESS__)
    (void)step;
    return -1;
#else
    step();
    step();
    allocations = 0;
    counting = true;
    step();
    counting = false;
    return allocations;
#endif
}

#if defined(__SANITIZE_ADDRESS__)
#define SKIP_UNDER_ASAN() GTEST_SKIP() << "AddressSanitizer build: the free lists and the block cache are off"
#else
#define SKIP_UNDER_ASAN() (void)0
#endif

Tensor uniform(const Shape& shape, std::uint64_t seed) {
    Generator gen(seed);
    std::vector<float> v(static_cast<std::size_t>(shape_numel(shape)));
    for (float& e : v) e = static_cast<float>(gen.uniform(-1.0, 1.0));
    return Tensor::from(v, shape);
}

TEST(SteadyState, TheTinyTanhNetsStepAllocatesNothing) {  // W3: 2-16-16-1 tanh, MSE, gradient descent
    SKIP_UNDER_ASAN();
    const Tensor x = uniform({200, 2}, 1), t = uniform({200, 1}, 2);
    manual_seed(0);
    Sequential net;
    net.emplace<Linear>(2, 16).emplace<Activation>("tanh").emplace<Linear>(16, 16);
    net.emplace<Activation>("tanh").emplace<Linear>(16, 1);
    SGD opt(net.named_parameters(), SGDOptions{.lr = 0.1});
    EXPECT_EQ(allocations_in_steady_step([&] {
                  opt.zero_grad();
                  Tensor loss = ops::mse_loss(net(x), t);
                  loss.backward();
                  opt.step();
              }),
              0);
}

TEST(SteadyState, AClassifiersStepWithLabelsAllocatesNothing) {  // relu, cross-entropy, momentum and Adam
    SKIP_UNDER_ASAN();
    const Tensor x = uniform({16, 20}, 3);
    const std::vector<std::int32_t> labels = {0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0};
    for (bool adam : {false, true}) {
        manual_seed(0);
        Sequential net;
        net.emplace<Linear>(20, 32).emplace<Activation>("relu").emplace<Linear>(32, 3);
        SGD sgd(net.named_parameters(), SGDOptions{.lr = 0.05, .momentum = 0.9});
        Adam adam_opt(net.named_parameters(), AdamOptions{.lr = 1e-3});
        Optimizer& opt = adam ? static_cast<Optimizer&>(adam_opt) : sgd;
        EXPECT_EQ(allocations_in_steady_step([&] {
                      opt.zero_grad();
                      Tensor loss = ops::cross_entropy(net(x), labels);
                      loss.backward();
                      opt.step();
                  }),
                  0)
            << (adam ? "Adam" : "SGD with momentum");
    }
}

TEST(SteadyState, CountingSeesAnAllocation) {  // the counter itself works: a vector allocates
    SKIP_UNDER_ASAN();
    EXPECT_EQ(allocations_in_steady_step([] {
                  std::vector<int> v(100);
                  EXPECT_EQ(v.size(), 100u);
              }),
              1);
}

}  // namespace
}  // namespace axon
