// AXON_MULTIVERSION before a kernel compiles it three times, for AVX-512 (x86-64-v4), AVX2 + FMA
// (x86-64-v3) and baseline x86-64, and the loader picks the one this CPU runs (GCC's target_clones,
// resolved once through an ifunc). The library is built for baseline x86-64, whose SSE2 loops move 4
// floats at a time; W3's bias, activation-derivative and column-sum loops ran 3× slower than the
// clones.
// The clones compute the same values: the build has neither FMA contraction (-ffp-contract=off, set in
// CMakeLists.txt) nor -ffast-math, so vectorising never reorders a sum or fuses a product.
#pragma once

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define AXON_MULTIVERSION [[gnu::target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")]]
#else
#define AXON_MULTIVERSION
#endif
