// Softmax cross-entropy from logits, fused: log-softmax and the negative log-likelihood in one op,
// with the hand-written backward softmax − target (derivation: docs/softmax_cross_entropy.md).
// Two forms: integer labels, and target distributions q (one-hot or soft).
#include <cmath>
#include <cstring>
#include <vector>

#include "axon/autograd.hpp"
#include "axon/ops/loss.hpp"
#include "detail/dispatch.hpp"
#include "detail/loss.hpp"
#include "detail/tensor_impl.hpp"

namespace axon::ops {

using detail::dispatch;

namespace {

// One row z of C logits: m = max_c z_c and log Σ_c e^(z_c − m), so that
//   log softmax(z)_c = (z_c − m) − log_sum    and    logsumexp(z) = m + log_sum.
// NOTE: every exponent z_c − m is ≤ 0, so e^(z_c − m) ∈ (0, 1] never overflows, and the sum is ≥ 1
// (the maximum contributes e^0), so its log never is −inf: logits of ±1e4 stay finite (note 000).
template <class T>
struct RowLogSumExp {
    T max;
    T log_sum;
};
template <class T>
RowLogSumExp<T> row_log_sum_exp(const T* z, std::int64_t c_count) {
    T m = z[0];
    for (std::int64_t c = 1; c < c_count; ++c)
        if (z[c] > m) m = z[c];
    double s = 0;  // accumulated in double: float sums over many classes lose digits
    for (std::int64_t c = 0; c < c_count; ++c) s += static_cast<double>(std::exp(z[c] - m));
    return {m, static_cast<T>(std::log(s))};
}

}  // namespace

// ---- cross_entropy with integer labels ------------------------------------------------------------
// ℓ_n = −log softmax(z_n)[y_n] = (m_n − z_n[y_n]) + log Σ_c e^(z_nc − m_n)
//   z: (N, C), labels y: N integers in [0, C), ℓ: (N,)    saves: softmax(z) (N, C)
// dz[n, c] += dy[n] · (softmax(z_n)_c − [c = y_n])    (= where the buffer is new: backward_into)
struct CrossEntropyLabels final : Node {
    // The batch's labels, copied into a block of the tensor block cache, which the next step's batch
    // reuses: a std::vector here was an allocation per training step.
    detail::Storage labels_;
    Tensor probs_;
    explicit CrossEntropyLabels(std::span<const std::int32_t> labels) : labels_(labels.size_bytes()) {
        if (!labels.empty()) std::memcpy(labels_.data, labels.data(), labels.size_bytes());
    }
    std::int32_t label(std::int64_t n) const { return static_cast<const std::int32_t*>(labels_.data)[n]; }
    std::string_view name() const override { return "cross_entropy"; }
    Tensor forward(std::span<const Tensor> in) {
        const Tensor& z = in[0];
        const std::int64_t n_count = z.dim(0), c_count = z.dim(1);
        Tensor loss = Tensor::empty({n_count}, z.dtype());
        if (recording()) probs_ = Tensor::empty(z.shape(), z.dtype());
        dispatch(z.dtype(), [&]<class T>() {
            const T* pz = z.data<T>();
            T* pl = loss.data<T>();
            T* pp = recording() ? probs_.data<T>() : nullptr;
            for (std::int64_t n = 0; n < n_count; ++n) {
                const T* row = pz + n * c_count;
                auto [m, log_sum] = row_log_sum_exp(row, c_count);
                pl[n] = (m - row[label(n)]) + log_sum;
                if (pp)
                    for (std::int64_t c = 0; c < c_count; ++c) pp[n * c_count + c] = std::exp((row[c] - m) - log_sum);
            }
        });
        return loss;
    }
    void backward(const Tensor& dy, std::span<Tensor> dx) override {
        backward_into(dy, dx, accumulate_all(dx.size()));
    }
    void backward_into(const Tensor& dy, std::span<Tensor> dx, std::span<const GradWrite> write) override {
        const std::int64_t n_count = probs_.dim(0), c_count = probs_.dim(1);
        const bool assign = write[0] == GradWrite::assign;
        dispatch(dy.dtype(), [&]<class T>() {
            const T* pg = dy.data<T>();
            const T* pp = probs_.data<T>();
            T* pdz = dx[0].data<T>();
            for (std::int64_t n = 0; n < n_count; ++n) {
                const std::int64_t y = label(n);
                for (std::int64_t c = 0; c < c_count; ++c) {
                    const T target = c == y ? T{1} : T{0};
                    const T g = pg[n] * (pp[n * c_count + c] - target);
                    pdz[n * c_count + c] = assign ? g : pdz[n * c_count + c] + g;
                }
            }
        });
    }
};

Tensor cross_entropy(const Tensor& z, std::span<const std::int32_t> labels, Reduction reduction) {
    detail::require_batch_of_rows(z, "cross_entropy", "logits");
    const std::int64_t n_count = z.dim(0), c_count = z.dim(1);
    if (static_cast<std::int64_t>(labels.size()) != n_count)
        throw ShapeError(fmt::format("cross_entropy: {} labels for {} samples (logits shape {})", labels.size(),
                                     n_count, shape_str(z.shape())));
    if (c_count == 0)
        throw ShapeError(fmt::format("cross_entropy: no classes (logits shape {})", shape_str(z.shape())));
    for (std::size_t n = 0; n < labels.size(); ++n)
        if (labels[n] < 0 || labels[n] >= c_count)
            throw ConfigError(fmt::format("cross_entropy: label {} of sample {} is out of range [0, {})", labels[n], n,
                                          c_count));
    return detail::reduce_loss(record<CrossEntropyLabels>({z}, labels), reduction);
}

// ---- cross_entropy with target distributions --------------------------------------------------------
// ℓ_n = −Σ_c q_nc · log softmax(z_n)_c    (terms with q_nc = 0 count 0, even for a logit of −∞)
//   z, q: (N, C), ℓ: (N,)    saves: log softmax(z) (N, C), q
// dz[n, c] += dy[n] · (softmax(z_n)_c · Σ_k q_nk − q_nc)    (softmax − q when each row of q sums to 1)
// dq[n, c] += dy[n] · (−log softmax(z_n)_c)
struct CrossEntropyTargets final : Node {
    Tensor log_probs_, q_;
    std::string_view name() const override { return "cross_entropy"; }
    Tensor forward(std::span<const Tensor> in) {
        const Tensor& z = in[0];
        const Tensor& q = in[1];
        const std::int64_t n_count = z.dim(0), c_count = z.dim(1);
        Tensor loss = Tensor::empty({n_count}, z.dtype());
        if (recording()) log_probs_ = Tensor::empty(z.shape(), z.dtype()), q_ = q;
        dispatch(z.dtype(), [&]<class T>() {
            const T* pz = z.data<T>();
            const T* pq = q.data<T>();
            T* pl = loss.data<T>();
            T* plp = recording() ? log_probs_.data<T>() : nullptr;
            for (std::int64_t n = 0; n < n_count; ++n) {
                const T* row = pz + n * c_count;
                auto [m, log_sum] = row_log_sum_exp(row, c_count);
                T total = 0;
                for (std::int64_t c = 0; c < c_count; ++c) {
                    const T log_prob = (row[c] - m) - log_sum;
                    const T qc = pq[n * c_count + c];
                    if (qc != T{0}) total -= qc * log_prob;
                    if (plp) plp[n * c_count + c] = log_prob;
                }
                pl[n] = total;
            }
        });
        return loss;
    }
    void backward(const Tensor& dy, std::span<Tensor> dx) override {
        const std::int64_t n_count = log_probs_.dim(0), c_count = log_probs_.dim(1);
        dispatch(dy.dtype(), [&]<class T>() {
            const T* pg = dy.data<T>();
            const T* plp = log_probs_.data<T>();
            const T* pq = q_.data<T>();
            for (std::int64_t n = 0; n < n_count; ++n) {
                const std::int64_t r = n * c_count;
                if (dx[0].defined()) {
                    T* pdz = dx[0].data<T>();
                    T q_sum = 0;
                    for (std::int64_t c = 0; c < c_count; ++c) q_sum += pq[r + c];
                    for (std::int64_t c = 0; c < c_count; ++c)
                        pdz[r + c] += pg[n] * (std::exp(plp[r + c]) * q_sum - pq[r + c]);
                }
                if (dx[1].defined()) {
                    T* pdq = dx[1].data<T>();
                    for (std::int64_t c = 0; c < c_count; ++c) pdq[r + c] += pg[n] * -plp[r + c];
                }
            }
        });
    }
};

Tensor cross_entropy(const Tensor& z, const Tensor& q, Reduction reduction) {
    detail::require_batch_of_rows(z, "cross_entropy", "logits");
    detail::require_target_like(z, q, "cross_entropy", "logits");
    if (z.dim(1) == 0)
        throw ShapeError(fmt::format("cross_entropy: no classes (logits shape {})", shape_str(z.shape())));
    return detail::reduce_loss(record<CrossEntropyTargets>({z, q}), reduction);
}

}  // namespace axon::ops
