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

// y[i, :] = b for every row: gemm then adds the product onto the bias rows.
template <class T>
AXON_MULTIVERSION void fill_rows(const T* b, T* y, std::int64_t n, std::int64_t o) {
    for (std::int64_t i = 0; i < n; ++i)
        for (std::int64_t j = 0; j < o; ++j) y[i * o + j] = b[j];
}

// y = x · wᵀ + b into y (N, O)
template <class T>
void linear_forward(const T* x, const T* w, const T* b, T* y, std::int64_t n, std::int64_t d, std::int64_t o) {
    T beta = T(0);
    if (b != nullptr) {
        fill_rows(b, y, n, o);
        beta = T(1);
    }
    gemm<T>(false, true, n, o, d, T(1), x, d, w, d, beta, y, o);
}

// db[j] += Σ_i dy[i, j], each sum taken row by row as the plain loop would. The sums run in a local
// block of columns: written straight into db, every row stored and reloaded db (which the compiler
// must assume may alias dy), and the store-to-load chain made W3's bias gradients 2 µs of a 21 µs step.
template <class T>
AXON_MULTIVERSION void add_column_sums(const T* dy, std::int64_t rows, std::int64_t cols, T* db) {
    constexpr std::int64_t kBlock = 64;
    for (std::int64_t j0 = 0; j0 < cols; j0 += kBlock) {
        const std::int64_t width = std::min(kBlock, cols - j0);
        T sums[kBlock];
        for (std::int64_t j = 0; j < width; ++j) sums[j] = db[j0 + j];
        for (std::int64_t i = 0; i < rows; ++i)
            for (std::int64_t j = 0; j < width; ++j) sums[j] += dy[i * cols + j0 + j];
        for (std::int64_t j = 0; j < width; ++j) db[j0 + j] = sums[j];
    }
}

// dz[i, j] = derivative(dy[i, j], y[i, j]), and db[j] += Σ_i dz[i, j] in the same pass when db is not
// null (the sums in the order of add_column_sums, so the bits are the same).
template <class T, class Derivative>
AXON_MULTIVERSION void derivative_and_column_sums(const T* dy, const T* y, T* dz, T* db, std::int64_t rows,
                                                  std::int64_t cols, Derivative derivative) {
    constexpr std::int64_t kBlock = 64;
    for (std::int64_t j0 = 0; j0 < cols; j0 += kBlock) {
        const std::int64_t width = std::min(kBlock, cols - j0);
        T sums[kBlock] = {};
        if (db != nullptr)
            for (std::int64_t j = 0; j < width; ++j) sums[j] = db[j0 + j];
        for (std::int64_t i = 0; i < rows; ++i)
            for (std::int64_t j = 0; j < width; ++j) {
                const std::int64_t k = i * cols + j0 + j;
                dz[k] = derivative(dy[k], y[k]);
                sums[j] += dz[k];
            }
        if (db != nullptr)
            for (std::int64_t j = 0; j < width; ++j) db[j0 + j] = sums[j];
    }
}

// dx += dy · w, dw += dyᵀ · x, for the gradients that are defined (db is left to the caller).
template <class T>
void add_product_gradients(const T* dy, const Tensor& x, const Tensor& w, std::span<Tensor> dx) {
    const std::int64_t n = x.dim(0), d = x.dim(1), o = w.dim(0);
    if (dx[0].defined()) gemm<T>(false, false, n, d, o, T(1), dy, o, w.data<T>(), d, T(1), dx[0].data<T>(), d);
    if (dx[1].defined()) gemm<T>(true, false, o, d, n, T(1), dy, o, x.data<T>(), d, T(1), dx[1].data<T>(), d);
}

template <class T>
const T* data_or_null(const Tensor& t) {
    return t.defined() ? t.data<T>() : nullptr;
}

}  // namespace

// ---- linear -------------------------------------------------------------------------------
// y = x · wᵀ + b    x: (N, D), w: (O, D), b: (O,) or undefined, y: (N, O)    saves: x, w
// dx += dy · w, dw += dyᵀ · x, db += Σ_N dy
struct Linear final : Node {
    Tensor x_, w_;
    std::string_view name() const override { return "linear"; }
    Tensor forward(std::span<const Tensor> in) {
        const Tensor &x = in[0], &w = in[1], &b = in[2];
        check_linear_arguments(x, w, b, "linear");
        if (recording()) x_ = x, w_ = w;
        Tensor y = Tensor::empty({x.dim(0), w.dim(0)}, x.dtype());
        dispatch(x.dtype(), [&]<class T>() {
            linear_forward(x.data<T>(), w.data<T>(), data_or_null<T>(b), y.data<T>(), x.dim(0), x.dim(1), w.dim(0));
        });
        return y;
    }
    void backward(const Tensor& dy, std::span<Tensor> dx) override {
        dispatch(dy.dtype(), [&]<class T>() {
            add_product_gradients(dy.data<T>(), x_, w_, dx);
            if (dx[2].defined()) add_column_sums(dy.data<T>(), dy.dim(0), dy.dim(1), dx[2].data<T>());
        });
    }
};
Tensor linear(const Tensor& x, const Tensor& w, const Tensor& b) { return record<Linear>({x, w, b}); }

// ---- linear + activation ------------------------------------------------------------------
// y = f(x · wᵀ + b)    f: relu | sigmoid | tanh    x: (N, D), w: (O, D), b: (O,) or undefined, y: (N, O)
// saves: x, w, y; not the pre-activation z, since each f' is a function of y (activation_kernels.hpp).
// f runs in place on the product while it is still in cache, with the same kernels as the activation
// ops, so the values are those of f(linear(x, w, b)) bit for bit.
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
            linear_forward(x.data<T>(), w.data<T>(), data_or_null<T>(b), py, x.dim(0), x.dim(1), w.dim(0));
            switch (f_) {
                case FusedActivation::relu: detail::relu_forward(py, py, y.numel()); break;
                case FusedActivation::sigmoid: detail::sigmoid_forward(py, py, y.numel()); break;
                case FusedActivation::tanh: detail::tanh_forward(py, py, y.numel()); break;
            }
        });
        if (recording()) x_ = x, w_ = w, y_ = y.detach();
        return y;
    }
    void backward(const Tensor& dy, std::span<Tensor> dx) override {
        Tensor dz = Tensor::empty(dy.shape(), dy.dtype());
        dispatch(dy.dtype(), [&]<class T>() {
            const T *pdy = dy.data<T>(), *py = y_.data<T>();
            T* pdz = dz.data<T>();
            T* pdb = dx[2].defined() ? dx[2].data<T>() : nullptr;
            const std::int64_t n = dy.dim(0), o = dy.dim(1);
            switch (f_) {
                case FusedActivation::relu:
                    derivative_and_column_sums(pdy, py, pdz, pdb, n, o, detail::relu_backward);
                    break;
                case FusedActivation::sigmoid:
                    derivative_and_column_sums(pdy, py, pdz, pdb, n, o, detail::sigmoid_backward);
                    break;
                case FusedActivation::tanh:
                    derivative_and_column_sums(pdy, py, pdz, pdb, n, o, detail::tanh_backward);
                    break;
            }
            add_product_gradients(static_cast<const T*>(pdz), x_, w_, dx);
        });
    }
};
Tensor linear(const Tensor& x, const Tensor& w, const Tensor& b, FusedActivation activation) {
    return record<LinearActivation>({x, w, b}, activation);
}

}  // namespace axon::ops
