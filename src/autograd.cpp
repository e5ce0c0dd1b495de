// The graph walk behind Tensor::backward(): reverse topological order, gradients accumulated
// where a value has several uses, graph released as it is consumed.
#include "axon/autograd.hpp"

#include <algorithm>
#include <array>
#include <atomic>

#include "detail/tensor_impl.hpp"

namespace axon {

namespace {
thread_local bool g_grad_enabled = true;
}

bool grad_enabled() { return g_grad_enabled; }

namespace {
// Zeroes the buffers that `write` marks new, for code that can only add into them.
void zero_new_buffers(std::span<Tensor> dx, std::span<const GradWrite> write) {
    for (std::size_t i = 0; i < dx.size(); ++i)
        if (write[i] == GradWrite::assign) detail::zero_fill(dx[i]);
}
}  // namespace

void Node::backward_into(const Tensor& dy, std::span<Tensor> dx, std::span<const GradWrite> write) {
    zero_new_buffers(dx, write);
    backward(dy, dx);
}

std::span<const GradWrite> Node::accumulate_all(std::size_t count) {
    static const std::array<GradWrite, 16> accumulate{};  // value-initialised: GradWrite::accumulate
    if (count > accumulate.size())
        throw Error(fmt::format("Node::accumulate_all: {} inputs, at most {}", count, accumulate.size()));
    return {accumulate.data(), count};
}

NoGradGuard::NoGradGuard() : previous_(g_grad_enabled) { g_grad_enabled = false; }

NoGradGuard::~NoGradGuard() { g_grad_enabled = previous_; }

bool should_record(std::span<const Tensor> inputs) {
    if (!g_grad_enabled) return false;
    return std::any_of(inputs.begin(), inputs.end(), [](const Tensor& t) { return t.requires_grad(); });
}

void link_result(Tensor& y, std::shared_ptr<Node> node, std::span<const Tensor> inputs) {
    node->inputs_.clear();
    node->inputs_.reserve(inputs.size());
    for (const Tensor& x : inputs) node->inputs_.push_back(x.impl());
    // y may share storage with an input (a reshape); it is still a new graph vertex.
    if (std::any_of(inputs.begin(), inputs.end(), [&](const Tensor& x) { return x.same_as(y); })) y = y.detach();
    y.impl()->grad_fn = std::move(node);
    y.impl()->requires_grad = true;
    y.impl()->op_result = true;
}

namespace {

using ImplPtr = std::shared_ptr<detail::TensorImpl>;

// The vectors a backward walk works in. Each thread keeps one set, emptied after every walk but with its
// capacity, so that a training step's backward allocates nothing; a backward started from inside another
// (a node's backward that differentiates something itself) gets a set of its own.
struct WalkBuffers {
    std::vector<ImplPtr> order;
    std::vector<std::pair<ImplPtr, std::size_t>> stack;
    std::vector<Tensor> dx;
    std::vector<GradWrite> write;
    bool in_use = false;
    ~WalkBuffers();
};

thread_local bool thread_buffers_gone = false;  // trivially destructible: valid during the thread's exit
thread_local WalkBuffers thread_buffers;
WalkBuffers::~WalkBuffers() {
    if (this == &thread_buffers) thread_buffers_gone = true;
}

// Lends the thread's buffers (or a fresh set) for one walk and empties them afterwards, so that they do
// not keep the released graph alive, whether the walk ends or throws.
class BorrowedBuffers {
public:
    BorrowedBuffers() : buffers_(!thread_buffers_gone && !thread_buffers.in_use ? thread_buffers : own_) {
        buffers_.in_use = true;
    }
    ~BorrowedBuffers() {
        buffers_.order.clear();
        buffers_.stack.clear();
        buffers_.dx.clear();
        buffers_.write.clear();
        buffers_.in_use = false;
    }
    BorrowedBuffers(const BorrowedBuffers&) = delete;
    BorrowedBuffers& operator=(const BorrowedBuffers&) = delete;
    WalkBuffers* operator->() { return &buffers_; }

private:
    WalkBuffers own_;
    WalkBuffers& buffers_;
};

// Post-order DFS without recursion, so that deep graphs (long unrolled loops) cannot overflow the stack.
// Only values made by ops are listed, inputs before the values computed from them: leaves have no
// backward to run. A value is marked with the walk's number when first reached, which a hash set of
// visited values did at the cost of an allocation per value.
void topological_order(const ImplPtr& root, std::vector<ImplPtr>& order,
                       std::vector<std::pair<ImplPtr, std::size_t>>& stack) {
    static std::atomic<std::uint64_t> walks{0};
    const std::uint64_t walk = ++walks;
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
    BorrowedBuffers buffers;
    std::vector<ImplPtr>& order = buffers->order;
    std::vector<Tensor>& dx = buffers->dx;
    std::vector<GradWrite>& write = buffers->write;
    topological_order(impl_, order, buffers->stack);
    for (const ImplPtr& impl : order) impl->grad = Tensor();  // intermediate values start from zero
    impl_->grad = Tensor::ones(impl_->shape, impl_->dtype);
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
        const ImplPtr& impl = *it;
        std::shared_ptr<Node> node = std::move(impl->grad_fn);
        dx.clear();
        write.clear();
        const auto& inputs = node->inputs();
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            const ImplPtr& input = inputs[i];
            if (!input || !input->requires_grad) {
                dx.emplace_back();
                write.push_back(GradWrite::accumulate);
                continue;
            }
            // A new buffer is the node's to assign, unless the same value is another input of this
            // node too (x * x): then both terms add into one buffer, which must start from zero.
            GradWrite how = GradWrite::accumulate;
            if (!input->grad.defined()) {
                input->grad = detail::grad_buffer(*input);
                how = GradWrite::assign;
                const auto later = inputs.begin() + static_cast<std::ptrdiff_t>(i) + 1;
                if (std::find(later, inputs.end(), input) != inputs.end()) {
                    detail::zero_fill(input->grad);
                    how = GradWrite::accumulate;
                }
            }
            dx.push_back(input->grad);
            write.push_back(how);
        }
        if (impl->grad.defined()) node->backward_into(impl->grad, dx, write);
        else zero_new_buffers(dx, write);
        impl->grad = Tensor();  // intermediate gradients are not kept (as in PyTorch)
    }
}

}  // namespace axon
