// identity and step: the two activations whose derivative needs no saved value.
#include "axon/autograd.hpp"
#include "axon/ops/activation.hpp"
#include "detail/elementwise.hpp"

namespace axon::ops {

// ---- identity -----------------------------------------------------------------------------
// y = x    x: any shape, y: same shape (shares x's data, like a reshape)    saves: nothing
// dx += dy
// Recorded as its own node so that the output is a new graph vertex whose gradient reaches x.
struct Identity final : Node {
    std::string_view name() const override { return "identity"; }
    Tensor forward(std::span<const Tensor> in) { return in[0].detach(); }
    void backward(const Tensor& dy, std::span<Tensor> dx) override { detail::add_into(dx[0], dy); }
};
Tensor identity(const Tensor& x) { return record<Identity>({x}); }

// ---- step (Heaviside) ---------------------------------------------------------------------
// y = 1 if x > 0 else 0    x: any shape, y: same shape    saves: nothing
// dx += 0: the derivative is 0 wherever it exists and is taken as 0 at x = 0 (PyTorch's
// heaviside has no derivative at all). The node is still recorded so that a graph through a step
// differentiates to zeros instead of failing: the reason the course swaps the step for a sigmoid.
struct Step final : Node {
    std::string_view name() const override { return "step"; }
    Tensor forward(std::span<const Tensor> in) {
        return detail::map(in[0], [](auto v) {
            using T = decltype(v);
            return v > T(0) ? T(1) : T(0);
        });
    }
    void backward(const Tensor&, std::span<Tensor>) override {}
};
Tensor step(const Tensor& x) { return record<Step>({x}); }

}  // namespace axon::ops
