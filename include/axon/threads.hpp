// How many threads axon's arithmetic uses (the BLAS pool). Defaults to the library's own choice
// (all cores). Results can differ in the last bits between thread counts, because a parallel
// GEMM splits its sums differently; at a fixed thread count every run is bit for bit the same.
#pragma once

namespace axon {

// Throws ConfigError for n < 1.
void set_num_threads(int n);
int num_threads();

}  // namespace axon
