// The body of row_product_f32_avx2/avx512 (row_product.hpp), compiled once per instruction set by
// row_product_avx2.cpp and row_product_avx512.cpp.
#include "detail/isa_kernel.hpp"

#include "detail/row_product.hpp"

namespace axon::detail {

void AXON_ISA_NAME(row_product_f32)(bool trans_b, std::int64_t n, std::int64_t k, const float* a,
                                    std::int64_t a_stride, const float* b, std::int64_t ldb, float* c,
                                    bool accumulate) {
    using Stride = Eigen::OuterStride<>;
    const Eigen::Map<const Eigen::VectorXf, 0, Eigen::InnerStride<>> x(a, k, Eigen::InnerStride<>(a_stride));
    Eigen::Map<Eigen::VectorXf> y(c, n);
    auto product = [&](const auto& matrix) {
        if (accumulate) y.noalias() += matrix * x;
        else y.noalias() = matrix * x;
    };
    if (trans_b) {  // B stored (n×k): y = B·x
        using Rows = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
        product(Eigen::Map<const Rows, 0, Stride>(b, n, k, Stride(ldb)));
    } else {  // B stored (k×n) row-major is Bᵀ (n×k) column-major: y = Bᵀ·x
        product(Eigen::Map<const Eigen::MatrixXf, 0, Stride>(b, n, k, Stride(ldb)));
    }
}

}  // namespace axon::detail
