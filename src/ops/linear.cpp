// linear (x·wᵀ + b), and linear followed by an activation, each one node on detail::gemm.
#include <algorithm>

#include "axon/autograd.hpp"
#include "axon/ops/matmul.hpp"
#include "detail/activation_kernels.hpp"
#include "detail/dispatch.hpp"
#include "detail/elementwise.hpp"
#include "detail/gemm.hpp"
#include "detail/multiversion.hpp"

namespace axon::ops {

using detail::dispatch;
using detail::gemm;

namespace {

// x: (N, D), w: (O, D), b: (O,) or undefined, one dtype. Throws ShapeError naming `op` and the shapes.
void check_linear_arguments(const Tensor& x, const Tensor& w, const Tensor& b, const char* op) {
    detail::require_matrix(x, op, "input");
    detail::require_matrix(w, op, "weight");
    detail::require_same_dtype(x, w, op);
    if (x.dim(1) != w.dim(1))
        throw ShapeError(fmt::format("{}: input has {} features, weight expects {} (input shape {}, weight shape {})",
                                     op, x.dim(1), w.dim(1), shape_str(x.shape()), shape_str(w.shape())));
    if (b.defined()) {
        detail::require_same_dtype(x, b, op);
        if (b.ndim() != 1 || b.dim(0) != w.dim(0))
            throw ShapeError(fmt::format("{}: bias shape {} does not match {} outputs (weight shape {})", op,
                                         shape_str(b.shape()), w.dim(0), shape_str(w.shape())));
    }
}

// The row loops below work on blocks of kColumns columns whose width is a compile-time constant, with
// one loop for the last, narrower block: with the width known and the block unrolled, GCC keeps a
// block's running column sums in vector registers. With a runtime width it kept them on the stack, and
// the store-to-load chain from one row to the next set the pace: W3's dz-and-bias-gradient loop ran at
// one element a cycle.
constexpr std::int64_t kColumns = 16;

// y[i, j] = f(y[i, j] + b[j]) over a block of `width` columns starting at j0.
template <std::int64_t kWidth, class T, class F>
inline void bias_block(T* y, const T* b, std::int64_t rows, std::int64_t cols, std::int64_t j0, std::int64_t width,
                       F f) {
    const std::int64_t w = kWidth > 0 ? kWidth : width;
    T bias[kWidth > 0 ? kWidth : kColumns];  // a local copy: y's stores cannot alias it, so the block vectorises
    for (std::int64_t j = 0; j < w; ++j) bias[j] = b[j0 + j];
    for (std::int64_t i = 0; i < rows; ++i)
#pragma GCC unroll 16
        for (std::int64_t j = 0; j < w; ++j) y[i * cols + j0 + j] = f(y[i * cols + j0 + j] + bias[j]);
}

// y[i, j] = f(y[i, j] + b[j]): the bias added after the product, in the same pass as f when f is
// elementwise (relu), and before an in-place activation kernel otherwise.
template <class T, class F>
AXON_MULTIVERSION void add_bias_rows(T* y, const T* b, std::int64_t rows, std::int64_t cols, F f) {
    std::int64_t j0 = 0;
    for (; j0 + kColumns <= cols; j0 += kColumns) bias_block<kColumns>(y, b, rows, cols, j0, kColumns, f);
    if (j0 < cols) bias_block<0>(y, b, rows, cols, j0, cols - j0, f);
}

// dz[i, j] = derivative(dy[i, j], y[i, j]) when kWriteDz, and sums[j] += Σ_i of it (sums[j] = Σ_i of it
// when `assign`), over one block of columns. The sums run row by row as the plain loop would, so every
// path adds in the same order, and assigning gives the bits that adding to zeros gave.
template <std::int64_t kWidth, bool kWriteDz, class T, class Derivative>
inline void column_sums_block(const T* __restrict dy, const T* __restrict y, T* __restrict dz, T* sums, bool assign,
                              std::int64_t rows, std::int64_t cols, std::int64_t j0, std::int64_t width,
                              Derivative derivative) {
    const std::int64_t w = kWidth > 0 ? kWidth : width;
    T acc[kWidth > 0 ? kWidth : kColumns];
    for (std::int64_t j = 0; j < w; ++j) acc[j] = sums == nullptr || assign ? T(0) : sums[j0 + j];
    for (std::int64_t i = 0; i < rows; ++i)
#pragma GCC unroll 16
        for (std::int64_t j = 0; j < w; ++j) {
            const std::int64_t k = i * cols + j0 + j;
            const T v = derivative(dy[k], y[k]);
            if constexpr (kWriteDz) dz[k] = v;
            acc[j] += v;
        }
    if (sums != nullptr)
        for (std::int64_t j = 0; j < w; ++j) sums[j0 + j] = acc[j];
}

// db[j] += Σ_i dy[i, j], or = when `assign`
template <class T>
AXON_MULTIVERSION void column_sums(const T* dy, std::int64_t rows, std::int64_t cols, T* db, bool assign) {
    auto same = [](T g, T) { return g; };
    T* no_dz = nullptr;
    std::int64_t j0 = 0;
    for (; j0 + kColumns <= cols; j0 += kColumns)
        column_sums_block<kColumns, false>(dy, dy, no_dz, db, assign, rows, cols, j0, kColumns, same);
    if (j0 < cols) column_sums_block<0, false>(dy, dy, no_dz, db, assign, rows, cols, j0, cols - j0, same);
}

// dz[i, j] = derivative(dy[i, j], y[i, j]), and db[j] += Σ_i dz[i, j] (= when `assign`) in the same
// pass when db is not null (summed in column_sums' order, so the bits are the same).
template <class T, class Derivative>
AXON_MULTIVERSION void derivative_and_column_sums(const T* dy, const T* y, T* dz, T* db, bool assign,
                                                  std::int64_t rows, std::int64_t cols, Derivative derivative) {
    std::int64_t j0 = 0;
    for (; j0 + kColumns <= cols; j0 += kColumns)
        column_sums_block<kColumns, true>(dy, y, dz, db, assign, rows, cols, j0, kColumns, derivative);
    if (j0 < cols) column_sums_block<0, true>(dy, y, dz, db, assign, rows, cols, j0, cols - j0, derivative);
}

// y = x · wᵀ into y (N, O); the bias is the caller's (add_bias_rows).
template <class T>
void product_forward(const T* x, const T* w, T* y, std::int64_t n, std::int64_t d, std::int64_t o) {
    gemm<T>(false, true, n, o, d, T(1), x, d, w, d, T(0), y, o);
}

// dx += dy · w, dw += dyᵀ · x (= where write says assign), for the gradients that are defined (db is
// left to the caller).
template <class T>
void product_gradients(const T* dy, const Tensor& x, const Tensor& w, std::span<Tensor> dx,
                       std::span<const GradWrite> write) {
    const std::int64_t n = x.dim(0), d = x.dim(1), o = w.dim(0);
    auto beta = [&](std::size_t i) { return write[i] == GradWrite::assign ? T(0) : T(1); };
    if (dx[0].defined()) gemm<T>(false, false, n, d, o, T(1), dy, o, w.data<T>(), d, beta(0), dx[0].data<T>(), d);
    if (dx[1].defined()) gemm<T>(true, false, o, d, n, T(1), dy, o, x.data<T>(), d, beta(1), dx[1].data<T>(), d);
}

}  // namespace

// ---- linear -------------------------------------------------------------------------------
// y = x · wᵀ + b    x: (N, D), w: (O, D), b: (O,) or undefined, y: (N, O)    saves: x, w
// dx += dy · w, dw += dyᵀ · x, db += Σ_N dy (assigned instead where the buffer is new: backward_into)
struct Linear final : Node {
    Tensor x_, w_;
    std::string_view name() const override { return "linear"; }
    Tensor forward(std::span<const Tensor> in) {
        const Tensor &x = in[0], &w = in[1], &b = in[2];
        check_linear_arguments(x, w, b, "linear");
        if (recording()) x_ = x, w_ = w;
        Tensor y = Tensor::empty({x.dim(0), w.dim(0)}, x.dtype());
        dispatch(x.dtype(), [&]<class T>() {
            T* py = y.data<T>();
            product_forward(x.data<T>(), w.data<T>(), py, x.dim(0), x.dim(1), w.dim(0));
            if (b.defined()) add_bias_rows(py, b.data<T>(), x.dim(0), w.dim(0), [](T v) { return v; });
        });
        return y;
    }
    void backward(const Tensor& dy, std::span<Tensor> dx) override {
        backward_into(dy, dx, accumulate_all(dx.size()));
    }
    void backward_into(const Tensor& dy, std::span<Tensor> dx, std::span<const GradWrite> write) override {
        dispatch(dy.dtype(), [&]<class T>() {
            product_gradients(dy.data<T>(), x_, w_, dx, write);
            if (dx[2].defined())
                column_sums(dy.data<T>(), dy.dim(0), dy.dim(1), dx[2].data<T>(), write[2] == GradWrite::assign);
        });
    }
};
Tensor linear(const Tensor& x, const Tensor& w, const Tensor& b) { return record<Linear>({x, w, b}); }

// ---- linear + activation ------------------------------------------------------------------
// y = f(x · wᵀ + b)    f: relu | sigmoid | tanh    x: (N, D), w: (O, D), b: (O,) or undefined, y: (N, O)
// saves: x, w, y; not the pre-activation z, since each f' is a function of y (activation_kernels.hpp).
// The bias is added after the product (as linear does), in the same pass as relu, or just before
// the in-place sigmoid/tanh kernels of the activation ops: the values are those of f(linear(x, w, b))
// bit for bit, with one pass over y fewer.
// dz = dy ⊙ f'(z) into a scratch (N, O), with db += Σ_N dz in the same pass; dx += dz · w, dw += dzᵀ · x
struct LinearActivation final : Node {
    FusedActivation f_;
    Tensor x_, w_, y_;
    explicit LinearActivation(FusedActivation f) : f_(f) {}
    std::string_view name() const override {
        switch (f_) {
            case FusedActivation::relu: return "linear+relu";
            case FusedActivation::sigmoid: return "linear+sigmoid";
            case FusedActivation::tanh: return "linear+tanh";
        }
        return "linear+?";
    }
    Tensor forward(std::span<const Tensor> in) {
        const Tensor &x = in[0], &w = in[1], &b = in[2];
        check_linear_arguments(x, w, b, "linear");
        Tensor y = Tensor::empty({x.dim(0), w.dim(0)}, x.dtype());
        dispatch(x.dtype(), [&]<class T>() {
            T* py = y.data<T>();
            const std::int64_t n = x.dim(0), o = w.dim(0);
            product_forward(x.data<T>(), w.data<T>(), py, n, x.dim(1), o);
            if (f_ == FusedActivation::relu) {  // bias and relu in one pass
                if (b.defined()) add_bias_rows(py, b.data<T>(), n, o, detail::relu_value);
                else detail::relu_forward(py, py, y.numel());
                return;
            }
            if (b.defined()) add_bias_rows(py, b.data<T>(), n, o, [](T v) { return v; });
            if (f_ == FusedActivation::sigmoid) detail::sigmoid_forward(py, py, y.numel());
            else detail::tanh_forward(py, py, y.numel());
        });
        if (recording()) x_ = x, w_ = w, y_ = y.detach();
        return y;
    }
    void backward(const Tensor& dy, std::span<Tensor> dx) override {
        backward_into(dy, dx, accumulate_all(dx.size()));
    }
    void backward_into(const Tensor& dy, std::span<Tensor> dx, std::span<const GradWrite> write) override {
        Tensor dz = Tensor::empty(dy.shape(), dy.dtype());
        const bool assign_db = write[2] == GradWrite::assign;
        dispatch(dy.dtype(), [&]<class T>() {
            const T *pdy = dy.data<T>(), *py = y_.data<T>();
            T* pdz = dz.data<T>();
            T* pdb = dx[2].defined() ? dx[2].data<T>() : nullptr;
            const std::int64_t n = dy.dim(0), o = dy.dim(1);
            switch (f_) {
                case FusedActivation::relu:
                    derivative_and_column_sums(pdy, py, pdz, pdb, assign_db, n, o, detail::relu_backward);
                    break;
                case FusedActivation::sigmoid:
                    derivative_and_column_sums(pdy, py, pdz, pdb, assign_db, n, o, detail::sigmoid_backward);
                    break;
                case FusedActivation::tanh:
                    derivative_and_column_sums(pdy, py, pdz, pdb, assign_db, n, o, detail::tanh_backward);
                    break;
            }
            product_gradients(static_cast<const T*>(pdz), x_, w_, dx, write);
        });
    }
};
Tensor linear(const Tensor& x, const Tensor& w, const Tensor& b, FusedActivation activation) {
    return record<LinearActivation>({x, w, b}, activation);
}

}  // namespace axon::ops
