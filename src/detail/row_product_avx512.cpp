// row_product_kernel.hpp built with -mavx512f -mfma (CMakeLists.txt); called only after a CPU check.
#define AXON_ROW_PRODUCT_NAME row_product_f32_avx512
#include "detail/row_product_kernel.hpp"
