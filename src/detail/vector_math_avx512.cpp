// vector_math_kernel.hpp built with -mavx512f -mfma (CMakeLists.txt); called only after a CPU check.
#include "detail/vector_math_kernel.hpp"
