// How many threads axon's arithmetic uses: the size of its one thread pool, oneDNN's OpenMP threads
// (OpenBLAS, which gets only one-row and tiny products, runs on the calling thread). Defaults to
// OpenMP's choice (all cores, or OMP_NUM_THREADS). Products under a million multiply-adds use one
// thread whatever the count, because waking a second thread costs more than it saves there. Results can differ in the last bits between thread counts, because a parallel
// GEMM splits its sums differently; at a fixed thread count every run is bit for bit the same.
#pragma once

namespace axon {

// Throws ConfigError for n < 1.
void set_num_threads(int n);
int num_threads();

}  // namespace axon
