// matmul and transpose, on detail::gemm (linear and its fused forms are in linear.cpp).
#include "axon/ops/matmul.hpp"

#include "axon/autograd.hpp"
#include "detail/dispatch.hpp"
#include "detail/elementwise.hpp"
#include "detail/gemm.hpp"

namespace axon::ops {

using detail::dispatch;
using detail::gemm;
using detail::require_matrix;
using detail::require_same_dtype;

// ---- matmul -------------------------------------------------------------------------------
// y = a · b    a: (N, D), b: (D, O), y: (N, O)    saves: a, b
// da += dy · bᵀ, db += aᵀ · dy
struct Matmul final : Node {
    Tensor a_, b_;
    std::string_view name() const override { return "matmul"; }
    Tensor forward(std::span<const Tensor> in) {
        const Tensor& a = in[0];
        const Tensor& b = in[1];
        require_matrix(a, "matmul", "left operand");
        require_matrix(b, "matmul", "right operand");
        require_same_dtype(a, b, "matmul");
        if (a.dim(1) != b.dim(0))
            throw ShapeError(fmt::format("matmul: inner sizes differ ({} vs {}) for shapes {} and {}", a.dim(1),
                                         b.dim(0), shape_str(a.shape()), shape_str(b.shape())));
        if (recording()) a_ = a, b_ = b;
        const std::int64_t n = a.dim(0), d = a.dim(1), o = b.dim(1);
        Tensor y = Tensor::empty({n, o}, a.dtype());
        dispatch(a.dtype(), [&]<class T>() {
            gemm<T>(false, false, n, o, d, T(1), a.data<T>(), d, b.data<T>(), o, T(0), y.data<T>(), o);
        });
        return y;
    }
    void backward(const Tensor& dy, std::span<Tensor> dx) override {
        const std::int64_t n = a_.dim(0), d = a_.dim(1), o = b_.dim(1);
        dispatch(dy.dtype(), [&]<class T>() {
            if (dx[0].defined())
                gemm<T>(false, true, n, d, o, T(1), dy.data<T>(), o, b_.data<T>(), o, T(1), dx[0].data<T>(), d);
            if (dx[1].defined())
                gemm<T>(true, false, d, o, n, T(1), a_.data<T>(), d, dy.data<T>(), o, T(1), dx[1].data<T>(), o);
        });
    }
};
Tensor matmul(const Tensor& a, const Tensor& b) { return record<Matmul>({a, b}); }

// ---- transpose ----------------------------------------------------------------------------
// y = xᵀ    x: (R, C), y: (C, R)    saves: nothing;    dx += dyᵀ
template <class T>
static void transpose_add(const T* src, T* dst, std::int64_t rows, std::int64_t cols, bool accumulate) {
    for (std::int64_t i = 0; i < rows; ++i)
        for (std::int64_t j = 0; j < cols; ++j) {
            T& out = dst[j * rows + i];
            out = accumulate ? out + src[i * cols + j] : src[i * cols + j];
        }
}
struct Transpose final : Node {
    std::string_view name() const override { return "transpose"; }
    Tensor forward(std::span<const Tensor> in) {
        const Tensor& x = in[0];
        require_matrix(x, "transpose", "input");
        Tensor y = Tensor::empty({x.dim(1), x.dim(0)}, x.dtype());
        dispatch(x.dtype(), [&]<class T>() { transpose_add(x.data<T>(), y.data<T>(), x.dim(0), x.dim(1), false); });
        return y;
    }
    void backward(const Tensor& dy, std::span<Tensor> dx) override {
        dispatch(dy.dtype(), [&]<class T>() { transpose_add(dy.data<T>(), dx[0].data<T>(), dy.dim(0), dy.dim(1), true); });
    }
};
Tensor transpose(const Tensor& x) { return record<Transpose>({x}); }

}  // namespace axon::ops
