// row_product_kernel.hpp built with -mavx2 -mfma (CMakeLists.txt); called only after a CPU check.
#include "detail/row_product_kernel.hpp"
