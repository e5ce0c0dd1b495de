// add, mul, div with broadcasting; neg, scale, add_scalar; exp, log, pow, sqrt, abs.
// Each op: forward on top, backward right under it.
#include "axon/ops/arithmetic.hpp"

#include <cmath>

#include "axon/autograd.hpp"
#include "axon/ops/reduce.hpp"
#include "detail/broadcast.hpp"
#include "detail/elementwise.hpp"

namespace axon::ops {

using detail::accumulate;
using detail::add_into;
using detail::dispatch;
using detail::require_same_dtype;
using detail::map;

Shape broadcast_shapes(const Shape& a, const Shape& b, const char* op) {
    Shape out(std::max(a.size(), b.size()));
    for (std::size_t k = 0; k < out.size(); ++k) {
        std::int64_t da = k < a.size() ? a[a.size() - 1 - k] : 1;
        std::int64_t db = k < b.size() ? b[b.size() - 1 - k] : 1;
        if (da != db && da != 1 && db != 1)
            throw ShapeError(fmt::format("{}: shapes {} and {} do not broadcast", op, shape_str(a), shape_str(b)));
        out[out.size() - 1 - k] = da == 1 ? db : da;
    }
    return out;
}

namespace {


// out[i] = f(a[ia], b[ib]) over the broadcast shape.
template <class F>
Tensor broadcast_zip(const Tensor& a, const Tensor& b, const char* op, F f) {
    require_same_dtype(a, b, op);
    Tensor y = Tensor::empty(broadcast_shapes(a.shape(), b.shape(), op), a.dtype());
    dispatch(a.dtype(), [&]<class T>() {
        const T* pa = a.data<T>();
        const T* pb = b.data<T>();
        T* py = y.data<T>();
        detail::broadcast_for_each(y.shape(), a.shape(), b.shape(),
                                   [&](std::int64_t i, std::int64_t ia, std::int64_t ib) { py[i] = f(pa[ia], pb[ib]); });
    });
    return y;
}

// dx += sum_to(g, dx.shape): a gradient of the output shape, folded back onto a broadcast input.
void add_reduced(Tensor& dx, const Tensor& g) {
    if (g.shape() == dx.shape())
        add_into(dx, g);
    else
        add_into(dx, sum_to(g, dx.shape()));
}

}  // namespace

// ---- add ----------------------------------------------------------------------------------
// y = a + b    a, b: broadcastable, y: broadcast shape    saves: nothing
// da += Σ_broadcast dy, db += Σ_broadcast dy
struct Add final : Node {
    std::string_view name() const override { return "add"; }
    Tensor forward(std::span<const Tensor> in) {
        return broadcast_zip(in[0], in[1], "add", [](auto x, auto y) { return x + y; });
    }
    void backward(const Tensor& dy, std::span<Tensor> dx) override {
        for (Tensor& d : dx)
            if (d.defined()) add_reduced(d, dy);
    }
};
Tensor add(const Tensor& a, const Tensor& b) { return record<Add>({a, b}); }

Tensor sub(const Tensor& a, const Tensor& b) { return add(a, neg(b)); }

// ---- mul ----------------------------------------------------------------------------------
// y = a ⊙ b    saves: a, b
// da += Σ_broadcast dy ⊙ b, db += Σ_broadcast dy ⊙ a
struct Mul final : Node {
    Tensor a_, b_;
    std::string_view name() const override { return "mul"; }
    Tensor forward(std::span<const Tensor> in) {
        if (recording()) a_ = in[0], b_ = in[1];
        return broadcast_zip(in[0], in[1], "mul", [](auto x, auto y) { return x * y; });
    }
    void backward(const Tensor& dy, std::span<Tensor> dx) override {
        auto times = [](auto g, auto v) { return g * v; };
        if (dx[0].defined()) add_reduced(dx[0], broadcast_zip(dy, b_, "mul backward", times));
        if (dx[1].defined()) add_reduced(dx[1], broadcast_zip(dy, a_, "mul backward", times));
    }
};
Tensor mul(const Tensor& a, const Tensor& b) { return record<Mul>({a, b}); }

// ---- div ----------------------------------------------------------------------------------
// y = a / b    saves: a, b
// da += Σ_broadcast dy / b, db += Σ_broadcast −dy ⊙ a / b²
struct Div final : Node {
    Tensor a_, b_;
    std::string_view name() const override { return "div"; }
    Tensor forward(std::span<const Tensor> in) {
        if (recording()) a_ = in[0], b_ = in[1];
        return broadcast_zip(in[0], in[1], "div", [](auto x, auto y) { return x / y; });
    }
    void backward(const Tensor& dy, std::span<Tensor> dx) override {
        if (dx[0].defined())
            add_reduced(dx[0], broadcast_zip(dy, b_, "div backward", [](auto g, auto b) { return g / b; }));
        if (dx[1].defined()) {
            Tensor a_over_b2 = broadcast_zip(a_, b_, "div backward", [](auto a, auto b) { return a / (b * b); });
            add_reduced(dx[1], broadcast_zip(dy, a_over_b2, "div backward", [](auto g, auto q) { return -g * q; }));
        }
    }
};
Tensor div(const Tensor& a, const Tensor& b) { return record<Div>({a, b}); }

// ---- scale: y = s·x (s constant); dx += s·dy ------------------------------------------------
struct Scale final : Node {
    double s_;
    explicit Scale(double s) : s_(s) {}
    std::string_view name() const override { return "scale"; }
    Tensor forward(std::span<const Tensor> in) {
        return map(in[0], [s = s_](auto v) { return static_cast<decltype(v)>(s) * v; });
    }
    void backward(const Tensor& dy, std::span<Tensor> dx) override {
        accumulate(dx[0], dy, dy, [s = s_](auto g, auto) { return static_cast<decltype(g)>(s) * g; });
    }
};
Tensor scale(const Tensor& x, double s) { return record<Scale>({x}, s); }

Tensor neg(const Tensor& x) { return scale(x, -1.0); }

// ---- add_scalar: y = x + s; dx += dy ------------------------------------------------------
struct AddScalar final : Node {
    double s_;
    explicit AddScalar(double s) : s_(s) {}
    std::string_view name() const override { return "add_scalar"; }
    Tensor forward(std::span<const Tensor> in) {
        return map(in[0], [s = s_](auto v) { return v + static_cast<decltype(v)>(s); });
    }
    void backward(const Tensor& dy, std::span<Tensor> dx) override { add_into(dx[0], dy); }
};
Tensor add_scalar(const Tensor& x, double s) { return record<AddScalar>({x}, s); }

// ---- exp: y = eˣ, saves y; dx += dy ⊙ y -----------------------------------------------------
struct Exp final : Node {
    Tensor y_;
    std::string_view name() const override { return "exp"; }
    Tensor forward(std::span<const Tensor> in) {
        Tensor y = map(in[0], [](auto v) { return std::exp(v); });
        if (recording()) y_ = y.detach();
        return y;
    }
    void backward(const Tensor& dy, std::span<Tensor> dx) override {
        accumulate(dx[0], dy, y_, [](auto g, auto y) { return g * y; });
    }
};
Tensor exp(const Tensor& x) { return record<Exp>({x}); }

// ---- log: y = ln x, saves x; dx += dy / x ---------------------------------------------------
struct Log final : Node {
    Tensor x_;
    std::string_view name() const override { return "log"; }
    Tensor forward(std::span<const Tensor> in) {
        if (recording()) x_ = in[0];
        return map(in[0], [](auto v) { return std::log(v); });
    }
    void backward(const Tensor& dy, std::span<Tensor> dx) override {
        accumulate(dx[0], dy, x_, [](auto g, auto x) { return g / x; });
    }
};
Tensor log(const Tensor& x) { return record<Log>({x}); }

// ---- pow: y = x^p (p constant), saves x; dx += dy · p · x^(p−1) --------------------------------
struct Pow final : Node {
    double p_;
    Tensor x_;
    explicit Pow(double p) : p_(p) {}
    std::string_view name() const override { return "pow"; }
    Tensor forward(std::span<const Tensor> in) {
        if (recording()) x_ = in[0];
        return map(in[0], [p = p_](auto v) { return std::pow(v, static_cast<decltype(v)>(p)); });
    }
    void backward(const Tensor& dy, std::span<Tensor> dx) override {
        accumulate(dx[0], dy, x_, [p = p_](auto g, auto x) {
            using T = decltype(g);
            return g * static_cast<T>(p) * std::pow(x, static_cast<T>(p - 1.0));
        });
    }
};
Tensor pow(const Tensor& x, double p) { return record<Pow>({x}, p); }

// ---- sqrt: y = √x, saves y; dx += dy / (2y) -------------------------------------------------
struct Sqrt final : Node {
    Tensor y_;
    std::string_view name() const override { return "sqrt"; }
    Tensor forward(std::span<const Tensor> in) {
        Tensor y = map(in[0], [](auto v) { return std::sqrt(v); });
        if (recording()) y_ = y.detach();
        return y;
    }
    void backward(const Tensor& dy, std::span<Tensor> dx) override {
        accumulate(dx[0], dy, y_, [](auto g, auto y) { return g / (y + y); });
    }
};
Tensor sqrt(const Tensor& x) { return record<Sqrt>({x}); }

// ---- abs: y = |x|, saves x; dx += dy · sign(x) ------------------------------------------------
struct Abs final : Node {
    Tensor x_;
    std::string_view name() const override { return "abs"; }
    Tensor forward(std::span<const Tensor> in) {
        if (recording()) x_ = in[0];
        return map(in[0], [](auto v) { return std::abs(v); });
    }
    void backward(const Tensor& dy, std::span<Tensor> dx) override {
        accumulate(dx[0], dy, x_, [](auto g, auto x) { return x > 0 ? g : (x < 0 ? -g : decltype(g){0}); });
    }
};
Tensor abs(const Tensor& x) { return record<Abs>({x}); }

}  // namespace axon::ops
