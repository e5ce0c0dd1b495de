// What a file built for one instruction set (the *_avx2.cpp and *_avx512.cpp kernels, each compiled with
// its own -m flags, CMakeLists.txt) includes first.
//
// Eigen under a namespace of its own per instruction set. Eigen's templates have the same names in
// both builds (general_matrix_vector_product<long, float, …>::run, pmadd<Packet8f>, …), so where the
// compiler emits them out of line — ~680 of them at -O0 — the linker keeps one copy for both files,
// and a CPU without AVX-512 could be handed the AVX-512 one. Renaming the namespace gives each file
// its own instantiations; tests/detail/test_isa_kernels.cpp checks that no Eigen symbol is shared.
//
// AXON_ISA_NAME(f) appends the instruction set to a kernel's name: f_avx2 or f_avx512.
#pragma once

#if defined(Eigen) || defined(EIGEN_CORE_H)
#error "detail/isa_kernel.hpp must come before any other inclusion of Eigen in this file"
#endif

#if defined(__AVX512F__) && defined(__FMA__)
#define Eigen axon_eigen_avx512
#define AXON_ISA_NAME(f) f##_avx512
#elif defined(__AVX2__) && defined(__FMA__)
#define Eigen axon_eigen_avx2
#define AXON_ISA_NAME(f) f##_avx2
#else
#error "detail/isa_kernel.hpp is for files built with -mavx512f -mfma or -mavx2 -mfma"
#endif

#define EIGEN_DONT_PARALLELIZE  // kernels run inside axon's own threads, never starting Eigen's
#include <Eigen/Core>
