// Reverse-mode differentiation over a computational graph (a DAG, course notes 001 and 003).
//
// Every differentiable operation is a Node subclass with a forward and a backward in one file
// (see src/ops/). Calling an op through `record<OpT>(inputs, ...)` runs its forward and, when
// gradients are recorded and some input requires them, links the result to the op so that
// Tensor::backward() can walk the graph in reverse topological order.
#pragma once

#include <memory>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "axon/small_objects.hpp"
#include "axon/tensor.hpp"

namespace axon {

// What backward_into may do with an input's gradient buffer: add to it (it holds the sum of the
// input's other uses, or zeros), or assign it (it is new in this walk and holds no values yet).
enum class GradWrite : unsigned char { accumulate, assign };

// What forward saves for backward: an input as the handle it received (the node holds its inputs
// anyway), the output as y.detach(): a node that held its own output would keep itself alive.
class Node {
public:
    virtual ~Node() = default;
    virtual std::string_view name() const = 0;

    // Adds the gradient of the loss with respect to each input into dx[i], given dy, the
    // gradient with respect to this node's output. dx[i] is undefined when input i needs no
    // gradient; otherwise it has input i's shape and dtype and may already hold a sum from
    // other uses of that input, which is why backward must add and never assign.
    virtual void backward(const Tensor& dy, std::span<Tensor> dx) = 0;

    // What Tensor::backward() calls: backward(), except that dx[i] with write[i] == assign is the first
    // gradient input i gets and holds no values yet. This default zeroes those and calls backward(); the
    // nodes that dominate a training step (linear, the losses) override it to write their first gradient
    // directly, which saves a pass over each buffer (W1's first weight gradient is 800 KB).
    virtual void backward_into(const Tensor& dy, std::span<Tensor> dx, std::span<const GradWrite> write);

    // `count` accumulates, for a backward() that shares its code with backward_into (count ≤ 16).
    static std::span<const GradWrite> accumulate_all(std::size_t count);

    // True while a graph is being recorded: forward saves what backward needs only then.
    bool recording() const { return recording_; }

    // The inputs, in the order forward received them (graph edges). Their list comes from the small-object
    // lists like the node itself: a step makes a node per op.
    using Inputs = std::vector<std::shared_ptr<detail::TensorImpl>,
                               detail::SmallObjectAllocator<std::shared_ptr<detail::TensorImpl>>>;
    const Inputs& inputs() const { return inputs_; }

private:
    template <class OpT, class... Args>
    friend Tensor record(std::span<const Tensor> inputs, Args&&... args);
    friend void link_result(Tensor& y, std::shared_ptr<Node> node, std::span<const Tensor> inputs);
    bool recording_ = false;
    Inputs inputs_;
};

// True when the graph should record an op applied to `inputs`.
bool should_record(std::span<const Tensor> inputs);
// Makes `node` the grad_fn of `y` with `inputs` as its edges (y then requires grad).
void link_result(Tensor& y, std::shared_ptr<Node> node, std::span<const Tensor> inputs);

// Runs OpT(args...).forward(inputs) and records it in the graph when needed. OpT must have
// `Tensor forward(std::span<const Tensor> in)`. Without recording, the op lives on the stack
// and saves nothing.
template <class OpT, class... Args>
Tensor record(std::span<const Tensor> inputs, Args&&... args) {
    if (!should_record(inputs)) {
        OpT op(std::forward<Args>(args)...);
        return op.forward(inputs);
    }
    auto op = std::allocate_shared<OpT>(detail::SmallObjectAllocator<OpT>(), std::forward<Args>(args)...);
    op->recording_ = true;
    Tensor y = op->forward(inputs);
    link_result(y, std::move(op), inputs);
    return y;
}

template <class OpT, class... Args>
Tensor record(std::initializer_list<Tensor> inputs, Args&&... args) {
    return record<OpT>(std::span<const Tensor>(inputs.begin(), inputs.size()), std::forward<Args>(args)...);
}

}  // namespace axon
