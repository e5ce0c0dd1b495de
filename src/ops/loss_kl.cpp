// KL divergence KL(q ‖ p) from log-probabilities log p and probabilities q (note 000: cross-entropy is
// KL(y ‖ ŷ) minus the entropy of y). An elementwise op with its own backward (for the 0·log 0 = 0
// rule), summed over classes and reduced over the batch by composed ops.
#include <cmath>

#include "axon/autograd.hpp"
#include "axon/ops/loss.hpp"
#include "axon/ops/reduce.hpp"
#include "detail/dispatch.hpp"
#include "detail/loss.hpp"

namespace axon::ops {

using detail::dispatch;

// ---- KL terms ---------------------------------------------------------------------------------------
// k = q · (log q − log p), and k = 0 where q = 0 (the limit of q log q)
//   log p, q: (N, C), k: (N, C)    saves: log p, q
// d(log p) += dy · (−q)
// dq       += dy · (log q + 1 − log p) for q ≠ 0; 0 at q = 0, where the true slope is −∞ (a choice
//             that keeps gradients finite for one-hot targets)
// NaN in q stays NaN (q = 0 is tested with ==, which NaN fails).
struct KlTerms final : Node {
    Tensor log_p_, q_;
    std::string_view name() const override { return "kl_div"; }
    Tensor forward(std::span<const Tensor> in) {
        const Tensor& log_p = in[0];
        const Tensor& q = in[1];
        if (recording()) log_p_ = log_p, q_ = q;
        Tensor k = Tensor::empty(log_p.shape(), log_p.dtype());
        dispatch(log_p.dtype(), [&]<class T>() {
            const T* plp = log_p.data<T>();
            const T* pq = q.data<T>();
            T* pk = k.data<T>();
            const std::int64_t count = k.numel();
            for (std::int64_t i = 0; i < count; ++i)
                pk[i] = pq[i] == T{0} ? T{0} : pq[i] * (std::log(pq[i]) - plp[i]);
        });
        return k;
    }
    void backward(const Tensor& dy, std::span<Tensor> dx) override {
        dispatch(dy.dtype(), [&]<class T>() {
            const T* pg = dy.data<T>();
            const T* plp = log_p_.data<T>();
            const T* pq = q_.data<T>();
            const std::int64_t n = dy.numel();
            if (dx[0].defined()) {
                T* pdlp = dx[0].data<T>();
                for (std::int64_t i = 0; i < n; ++i) pdlp[i] += pg[i] * -pq[i];
            }
            if (dx[1].defined()) {
                T* pdq = dx[1].data<T>();
                for (std::int64_t i = 0; i < n; ++i)
                    pdq[i] += pq[i] == T{0} ? T{0} : pg[i] * (std::log(pq[i]) + T{1} - plp[i]);
            }
        });
    }
};

// ℓ_n = Σ_c k_nc: (N,); the mean over n is PyTorch's "batchmean".
Tensor kl_div(const Tensor& log_p, const Tensor& q, Reduction reduction) {
    detail::require_batch_of_rows(log_p, "kl_div", "log_p");
    detail::require_target_like(log_p, q, "kl_div", "log_p");
    return detail::reduce_loss(sum(record<KlTerms>({log_p, q}), 1), reduction);
}

}  // namespace axon::ops
