// The graph walk behind Tensor::backward(): reverse topological order, gradients accumulated
// where a value has several uses, graph released as it is consumed.
#include "axon/autograd.hpp"

#include <algorithm>
#include <atomic>

#include "detail/tensor_impl.hpp"

namespace axon {

namespace {
thread_local bool g_grad_enabled = true;
}

bool grad_enabled() { return g_grad_enabled; }

NoGradGuard::NoGradGuard() : previous_(g_grad_enabled) { g_grad_enabled = false; }

NoGradGuard::~NoGradGuard() { g_grad_enabled = previous_; }

bool should_record(std::span<const Tensor> inputs) {
    if (!g_grad_enabled) return false;
    return std::any_of(inputs.begin(), inputs.end(), [](const Tensor& t) { return t.requires_grad(); });
}

void link_result(Tensor& y, std::shared_ptr<Node> node, std::span<const Tensor> inputs) {
    node->inputs_.clear();
    for (const Tensor& x : inputs) node->inputs_.push_back(x.impl());
    // y may share storage with an input (a reshape); it is still a new graph vertex.
    if (std::any_of(inputs.begin(), inputs.end(), [&](const Tensor& x) { return x.same_as(y); })) y = y.detach();
    y.impl()->grad_fn = std::move(node);
    y.impl()->requires_grad = true;
    y.impl()->op_result = true;
}

namespace {

using ImplPtr = std::shared_ptr<detail::TensorImpl>;

// Post-order DFS without recursion, so that deep graphs (long unrolled loops) cannot overflow the stack.
// Only values made by ops are listed: leaves have no backward to run. A value is marked with the walk's
// number when first reached, which a hash set of visited values did at the cost of an allocation per value.
std::vector<ImplPtr> topological_order(const ImplPtr& root) {
    static std::atomic<std::uint64_t> walks{0};
    const std::uint64_t walk = ++walks;
    std::vector<ImplPtr> order;
    std::vector<std::pair<ImplPtr, std::size_t>> stack;
    order.reserve(32);  // a small network's whole graph without growing
    stack.reserve(32);
    stack.emplace_back(root, 0);
    root->walk = walk;
    while (!stack.empty()) {
        auto& [impl, next] = stack.back();
        const auto& inputs = impl->grad_fn->inputs();
        if (next < inputs.size()) {
            const ImplPtr& child = inputs[next++];
            if (child && child->grad_fn && child->walk != walk) {
                child->walk = walk;
                stack.emplace_back(child, 0);
            }
            continue;
        }
        order.push_back(std::move(impl));
        stack.pop_back();
    }
    return order;  // inputs before the values computed from them
}

}  // namespace

void Tensor::backward() const {
    check_defined("Tensor::backward");
    if (numel() != 1)
        throw ShapeError(fmt::format("Tensor::backward: needs a scalar (one element), got shape {}",
                                     shape_str(shape())));
    if (!impl_->requires_grad)
        throw Error("Tensor::backward: the tensor does not require grad (no input of the graph requires it)");
    if (impl_->op_result && !impl_->grad_fn)
        throw Error("Tensor::backward: the graph was already released by an earlier backward()");

    NoGradGuard no_grad;  // backward kernels themselves are not recorded
    if (!impl_->grad_fn) {  // a leaf differentiated with respect to itself
        if (!impl_->grad.defined()) impl_->grad = Tensor::zeros(impl_->shape, impl_->dtype);
        impl_->grad.fill_(impl_->grad.item() + 1.0);
        return;
    }
    std::vector<ImplPtr> order = topological_order(impl_);
    for (const ImplPtr& impl : order) impl->grad = Tensor();  // intermediate values start from zero
    impl_->grad = Tensor::ones(impl_->shape, impl_->dtype);
    std::vector<Tensor> dx;
    dx.reserve(4);
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
        const ImplPtr& impl = *it;
        std::shared_ptr<Node> node = std::move(impl->grad_fn);
        dx.clear();
        for (const ImplPtr& input : node->inputs()) {
            if (!input || !input->requires_grad) {
                dx.emplace_back();
                continue;
            }
            if (!input->grad.defined()) input->grad = detail::zeroed_grad(*input);
            dx.push_back(input->grad);
        }
        if (impl->grad.defined()) node->backward(impl->grad, dx);
        impl->grad = Tensor();  // intermediate gradients are not kept (as in PyTorch)
    }
}

}  // namespace axon
