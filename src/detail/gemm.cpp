// gemm(): float32 on oneDNN's matmul, small float32 products on libxsmm, one-row products on Eigen's
// matrix-vector kernels (row_product.hpp), float64 on OpenBLAS (oneDNN has no f64 matmul on CPU). On
// this machine oneDNN runs the MLP's shapes about twice as fast as OpenBLAS 0.3.21 at one thread
// (bench/RESULTS.md, W4), and the batch-1 shape six times as fast.
#include "detail/gemm.hpp"

#include <cblas.h>
#include <fmt/format.h>
#include <libxsmm.h>

#include <array>
#include <map>
#include <tuple>
#include <vector>

#include <oneapi/dnnl/dnnl.hpp>
#include <omp.h>

#include "detail/row_product.hpp"

namespace axon::detail {

namespace {

CBLAS_TRANSPOSE op(bool trans) { return trans ? CblasTrans : CblasNoTrans; }

// One thread pool: threads are oneDNN's OpenMP pool. OpenBLAS only gets the work that is too small
// to share (one-row products, tiny products) and float64 checks, so it runs on the calling thread;
// its own pthread pool, left at the core count, would spin against OpenMP's on 2 cores, which is what
// makes PyTorch 3× slower at 2 threads than at 1 there (../shared/anchors/RESULTS.md).
void use_openblas_on_calling_thread() {
    static const bool done = [] {
        openblas_set_num_threads(1);
        return true;
    }();
    (void)done;
}
int blas_int(std::int64_t v) { return static_cast<int>(v); }

// One primitive per shape, built on first use: a training loop repeats the same few shapes, and
// building a oneDNN primitive costs far more than running a small one. The memory objects are kept
// with it and pointed at each call's buffers (set_data_handle), which is cheaper than making three
// memory objects per call at batch 1. The cache is per thread, so that needs no lock.
struct MatmulKey {
    bool trans_a, trans_b, accumulate;
    std::int64_t m, n, k, lda, ldb, ldc;
    int threads;
    auto tie() const { return std::tie(trans_a, trans_b, accumulate, m, n, k, lda, ldb, ldc, threads); }
    bool operator<(const MatmulKey& o) const { return tie() < o.tie(); }
};

struct Matmul {
    dnnl::matmul primitive;
    dnnl::memory a, b, c;
};

dnnl::engine& engine() {
    static dnnl::engine e(dnnl::engine::kind::cpu, 0);
    return e;
}

// Products below this many multiply-adds run on one thread. Below it a second thread does not pay
// for its share of the synchronisation: W1's 32×784×256 layer (6.4M) ran slower on two threads than on
// one, and W1's whole step at batch 32 took 420 µs on two threads against 252 µs on one with a 1M
// cutoff, 247 µs with this one (BM_W1_step, idle machine). W2's batch-1 layers (≤ 200k) and the course's
// small nets stay on one thread too.
constexpr std::int64_t kParallelGemmMacs = 8 << 20;

// Sets OpenMP's thread count for the current scope: oneDNN fixes a primitive's thread count when
// it is created and uses it when it runs, so both happen inside the scope.
class OmpThreads {
public:
    explicit OmpThreads(int n) : saved_(omp_get_max_threads()) {
        if (n != saved_) omp_set_num_threads(n);
    }
    ~OmpThreads() {
        if (omp_get_max_threads() != saved_) omp_set_num_threads(saved_);
    }
    OmpThreads(const OmpThreads&) = delete;
    OmpThreads& operator=(const OmpThreads&) = delete;

private:
    int saved_;
};

Matmul& matmul_for(const MatmulKey& key) {
    thread_local std::map<MatmulKey, Matmul> cache;
    auto it = cache.find(key);
    if (it != cache.end()) return it->second;
    using dt = dnnl::memory::data_type;
    using dims = dnnl::memory::dims;
    // Row-major with leading dimensions; a transposed operand is the same memory read with swapped strides.
    auto desc = [](std::int64_t rows, std::int64_t cols, std::int64_t ld, bool trans) {
        return trans ? dnnl::memory::desc(dims{rows, cols}, dt::f32, dims{1, ld})
                     : dnnl::memory::desc(dims{rows, cols}, dt::f32, dims{ld, 1});
    };
    const auto a = desc(key.m, key.k, key.lda, key.trans_a);
    const auto b = desc(key.k, key.n, key.ldb, key.trans_b);
    const auto c = desc(key.m, key.n, key.ldc, false);
    dnnl::primitive_attr attr;
    if (key.accumulate) {
        dnnl::post_ops post;
        post.append_sum(1.0f);
        attr.set_post_ops(post);
    }
    Matmul mm;
    mm.primitive = dnnl::matmul(dnnl::matmul::primitive_desc(dnnl::matmul::desc(a, b, c), attr, engine()));
    mm.a = dnnl::memory(a, engine(), DNNL_MEMORY_NONE);
    mm.b = dnnl::memory(b, engine(), DNNL_MEMORY_NONE);
    mm.c = dnnl::memory(c, engine(), DNNL_MEMORY_NONE);
    return cache.emplace(key, std::move(mm)).first->second;
}

// libxsmm's kernel for a shape, from a small per-thread table in front of libxsmm_smmdispatch: a
// training step asks for the same few shapes over and over, and libxsmm's own lookup (hashing the whole
// descriptor, then comparing it) was 2% of W3's step, eight lookups a step.
libxsmm_smmfunction small_gemm_kernel(bool trans_a, int m, int n, int k, int lda, int ldb, int ldc, float beta) {
    struct Entry {
        std::array<int, 8> shape{};
        libxsmm_smmfunction kernel = nullptr;
    };
    thread_local std::array<Entry, 16> recent;
    thread_local std::size_t next = 0;
    const std::array<int, 8> shape{trans_a ? 1 : 0, m, n, k, lda, ldb, ldc, beta == 0.0f ? 0 : 1};
    for (const Entry& e : recent) {
        bool same = e.kernel != nullptr;
        for (std::size_t i = 0; same && i < shape.size(); ++i) same = e.shape[i] == shape[i];  // no memcmp call
        if (same) return e.kernel;
    }
    const int flags = trans_a ? LIBXSMM_GEMM_FLAG_TRANS_B : LIBXSMM_GEMM_FLAG_NONE;
    const int prefetch = LIBXSMM_GEMM_PREFETCH_NONE;
    const float alpha = 1.0f;
    const libxsmm_smmfunction kernel = libxsmm_smmdispatch(n, m, k, &ldb, &lda, &ldc, &alpha, &beta, &flags, &prefetch);
    if (kernel != nullptr) recent[next++ % recent.size()] = {shape, kernel};
    return kernel;
}

// Small products (W3's and note 004's nets: 200×16×16 and smaller) on libxsmm's JIT-compiled kernels,
// which run them 2.3-2.6× as fast as OpenBLAS, whose sgemm packs both operands on every call: 200×16×16
// 0.60 µs against 1.39, 16×16×200 0.54 against 1.43 (bench/RESULTS.md).
// libxsmm is column-major, where the row-major C = op(A)·op(B) reads Cᵀ = op(B)ᵀ·op(A)ᵀ: B goes first.
// libxsmm 1.17 has no kernel for a transposed first operand, so a transposed B (a Linear's weight in
// the forward pass, O×D, small on this path) is first copied transposed. Returns false when libxsmm has
// no kernel for the shape; the caller then uses OpenBLAS.
bool small_gemm(bool trans_a, bool trans_b, int m, int n, int k, const float* a, int lda, const float* b, int ldb,
                float beta, float* c, int ldc) {
    thread_local std::vector<float> b_transposed;
    if (trans_b) {  // B is (n, k) with leading dimension ldb; make it (k, n)
        b_transposed.resize(static_cast<std::size_t>(n) * static_cast<std::size_t>(k));
        for (int i = 0; i < n; ++i)
            for (int j = 0; j < k; ++j) b_transposed[static_cast<std::size_t>(j * n + i)] = b[i * ldb + j];
        b = b_transposed.data();
        ldb = n;
    }
    const libxsmm_smmfunction kernel = small_gemm_kernel(trans_a, m, n, k, lda, ldb, ldc, beta);
    if (kernel == nullptr) return false;
    kernel(b, a, c);
    // The generated code leaves the upper halves of the vector registers in use. The library is built
    // for baseline x86-64, so the next elementwise loops run legacy SSE instructions, and each of those
    // then waits on the stale upper state: W3's tanh backward took 4× as long. vzeroupper is what
    // compilers emit at the end of AVX functions; libxsmm only generates AVX code where the CPU has it.
    static const bool has_avx = __builtin_cpu_supports("avx");
    if (has_avx) asm volatile("vzeroupper" ::: "memory");
    return true;
}

}  // namespace

template <>
void gemm<float>(bool trans_a, bool trans_b, std::int64_t m, std::int64_t n, std::int64_t k, float alpha,
                 const float* a, std::int64_t lda, const float* b, std::int64_t ldb, float beta, float* c,
                 std::int64_t ldc) {
    if (m == 0 || n == 0) return;
    use_openblas_on_calling_thread();
    // The only scales axon's ops use; the Eigen and libxsmm paths take no others.
    const bool plain_scales = alpha == 1.0f && (beta == 0.0f || beta == 1.0f);
    // One row (batch-1 inference) is a matrix-vector product: Eigen's kernels where the CPU has AVX2
    // (row_product.hpp), else OpenBLAS's gemv. Its gemm packs both operands first (5.5 GFLOP/s at M = 1,
    // ../shared/anchors/RESULTS.md).
    if (m == 1) {
        if (plain_scales && row_product_f32(trans_b, n, k, a, trans_a ? lda : 1, b, ldb, c, beta == 1.0f))
            return;
        const int a_stride = blas_int(trans_a ? lda : 1);
        if (trans_b)  // B is (n, k): c = B·a
            cblas_sgemv(CblasRowMajor, CblasNoTrans, blas_int(n), blas_int(k), alpha, b, blas_int(ldb), a, a_stride,
                        beta, c, 1);
        else  // B is (k, n): c = Bᵀ·a
            cblas_sgemv(CblasRowMajor, CblasTrans, blas_int(k), blas_int(n), alpha, b, blas_int(ldb), a, a_stride,
                        beta, c, 1);
        return;
    }
    // One column (a layer with one output, W3's last) is a matrix-vector product too: c = op(A)·b. As a
    // 200×1×16 gemm, libxsmm's kernel ran at 10 GFLOP/s (0.62 µs) with vectors one element wide.
    if (n == 1) {
        const int b_stride = blas_int(trans_b ? 1 : ldb);
        cblas_sgemv(CblasRowMajor, op(trans_a), blas_int(trans_a ? k : m), blas_int(trans_a ? m : k), alpha, a,
                    blas_int(lda), b, b_stride, beta, c, blas_int(ldc));
        return;
    }
    // Tiny products (note 004's and W3's 2-16-16-1 nets) cost less than oneDNN's per-call overhead
    // (memory objects, primitive lookup); alpha ≠ 1 and other betas are not used by axon's ops.
    constexpr std::int64_t kSmallGemmFlops = 64 * 1024;
    if (m * n * k < kSmallGemmFlops || !plain_scales) {
        if (plain_scales && trans_a && !trans_b && n < 4 && m >= 16) {
            // Few columns, many rows (a first layer's weight gradient, 16×2×200): libxsmm vectorises along
            // C's columns, 2 wide here (0.53 µs); Cᵀ = Bᵀ·A has them 16 wide. It goes to a scratch and
            // is added back transposed.
            thread_local std::vector<float> c_transposed;
            c_transposed.resize(static_cast<std::size_t>(n * m));
            if (small_gemm(true, false, blas_int(n), blas_int(m), blas_int(k), b, blas_int(ldb), a, blas_int(lda), 0.0f,
                           c_transposed.data(), blas_int(m))) {
                for (std::int64_t i = 0; i < m; ++i)
                    for (std::int64_t j = 0; j < n; ++j) {
                        const float product = c_transposed[static_cast<std::size_t>(j * m + i)];
                        c[i * ldc + j] = beta == 0.0f ? product : c[i * ldc + j] + product;
                    }
                return;
            }
        }
        if (plain_scales && small_gemm(trans_a, trans_b, blas_int(m), blas_int(n), blas_int(k), a, blas_int(lda), b,
                                       blas_int(ldb), beta, c, blas_int(ldc)))
            return;
        cblas_sgemm(CblasRowMajor, op(trans_a), op(trans_b), blas_int(m), blas_int(n), blas_int(k), alpha, a,
                    blas_int(lda), b, blas_int(ldb), beta, c, blas_int(ldc));
        return;
    }
    const int threads = m * n * k < kParallelGemmMacs ? 1 : omp_get_max_threads();
    OmpThreads scope(threads);
    Matmul& mm = matmul_for({trans_a, trans_b, beta == 1.0f, m, n, k, lda, ldb, ldc, threads});
    thread_local dnnl::stream stream(engine());
    mm.a.set_data_handle(const_cast<float*>(a));
    mm.b.set_data_handle(const_cast<float*>(b));
    mm.c.set_data_handle(c);
    // The C call with an array: the C++ overload takes its arguments as an unordered_map and copies them
    // into a vector, five allocations a product, forty in a W1 step.
    const dnnl_exec_arg_t args[] = {
        {DNNL_ARG_SRC, mm.a.get()}, {DNNL_ARG_WEIGHTS, mm.b.get()}, {DNNL_ARG_DST, mm.c.get()}};
    dnnl::error::wrap_c_api(dnnl_primitive_execute(mm.primitive.get(), stream.get(), 3, args),
                            "gemm: could not execute oneDNN's matmul");
    stream.wait();
}
template <>
void gemm<double>(bool trans_a, bool trans_b, std::int64_t m, std::int64_t n, std::int64_t k, double alpha,
                  const double* a, std::int64_t lda, const double* b, std::int64_t ldb, double beta, double* c,
                  std::int64_t ldc) {
    if (m == 0 || n == 0) return;
    use_openblas_on_calling_thread();
    cblas_dgemm(CblasRowMajor, op(trans_a), op(trans_b), blas_int(m), blas_int(n), blas_int(k), alpha, a,
                blas_int(lda), b, blas_int(ldb), beta, c, blas_int(ldc));
}

}  // namespace axon::detail

#include "axon/error.hpp"
#include "axon/threads.hpp"

namespace axon {

void set_num_threads(int n) {
    if (n < 1) throw ConfigError(fmt::format("threads: the thread count must be ≥ 1 (got {})", n));
    omp_set_num_threads(n);
}

int num_threads() { return omp_get_max_threads(); }

}  // namespace axon
