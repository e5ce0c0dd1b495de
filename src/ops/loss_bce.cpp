// Binary cross-entropy, on probabilities and (fused, stable) on logits. Both are elementwise ops
// with a hand-written backward; the mean/sum reduction is composed on top.
#include <algorithm>
#include <cmath>

#include "axon/autograd.hpp"
#include "axon/ops/loss.hpp"
#include "detail/dispatch.hpp"
#include "detail/loss.hpp"

namespace axon::ops {

using detail::dispatch;

namespace {
// PyTorch clamps log p and log(1 − p) at −100 so that p = 0 or 1 gives a large finite loss, not inf.
constexpr double kMinLog = -100.0;
}  // namespace

// ---- bce_loss -----------------------------------------------------------------------------------
// ℓ = −[t·L(p) + (1 − t)·L̄(p)],  L = max(log p, −100),  L̄ = max(log(1 − p), −100)
//   p, t: same shape, ℓ: same shape    saves: p, t
// dp += dy · (−t/p·[log p > −100] + (1 − t)/(1 − p)·[log(1 − p) > −100])   (the clamped log has slope 0)
// dt += dy · (L̄ − L)
// NOTE: p outside [0, 1] (or NaN) gives NaN, as log does; it is not checked.
struct BinaryCrossEntropy final : Node {
    Tensor p_, t_;
    std::string_view name() const override { return "bce_loss"; }
    Tensor forward(std::span<const Tensor> in) {
        const Tensor& p = in[0];
        const Tensor& t = in[1];
        if (recording()) p_ = p, t_ = t;
        Tensor loss = Tensor::empty(p.shape(), p.dtype());
        dispatch(p.dtype(), [&]<class T>() {
            const T* pp = p.data<T>();
            const T* pt = t.data<T>();
            T* pl = loss.data<T>();
            const T min_log = static_cast<T>(kMinLog);
            const std::int64_t count = p.numel();
            for (std::int64_t i = 0; i < count; ++i) {
                T log_p = std::max(std::log(pp[i]), min_log);
                T log_1mp = std::max(std::log1p(-pp[i]), min_log);
                pl[i] = -(pt[i] * log_p + (T{1} - pt[i]) * log_1mp);
            }
        });
        return loss;
    }
    void backward(const Tensor& dy, std::span<Tensor> dx) override {
        dispatch(dy.dtype(), [&]<class T>() {
            const T* pg = dy.data<T>();
            const T* pp = p_.data<T>();
            const T* pt = t_.data<T>();
            const T min_log = static_cast<T>(kMinLog);
            const std::int64_t n = dy.numel();
            if (dx[0].defined()) {
                T* pdp = dx[0].data<T>();
                for (std::int64_t i = 0; i < n; ++i) {
                    T d_log_p = std::log(pp[i]) > min_log ? -pt[i] / pp[i] : T{0};
                    T d_log_1mp = std::log1p(-pp[i]) > min_log ? (T{1} - pt[i]) / (T{1} - pp[i]) : T{0};
                    pdp[i] += pg[i] * (d_log_p + d_log_1mp);
                }
            }
            if (dx[1].defined()) {
                T* pdt = dx[1].data<T>();
                for (std::int64_t i = 0; i < n; ++i)
                    pdt[i] += pg[i] * (std::max(std::log1p(-pp[i]), min_log) - std::max(std::log(pp[i]), min_log));
            }
        });
    }
};
Tensor bce_loss(const Tensor& p, const Tensor& t, Reduction reduction) {
    detail::require_target_like(p, t, "bce_loss");
    return detail::reduce_loss(record<BinaryCrossEntropy>({p, t}), reduction);
}

// ---- bce_with_logits_loss -------------------------------------------------------------------------
// ℓ = max(z, 0) − z·t + log(1 + e^−|z|)    z, t: same shape, ℓ: same shape    saves: z, t
// This is −[t·log σ(z) + (1 − t)·log(1 − σ(z))] rewritten so that no exponent is positive:
// finite for any finite z, where log(sigmoid(z)) gives −inf once σ(z) rounds to 0 or 1.
// dz += dy · (σ(z) − t)    (note 002's output delta y − t)
// dt += dy · (−z)
struct BceWithLogits final : Node {
    Tensor z_, t_;
    std::string_view name() const override { return "bce_with_logits_loss"; }
    Tensor forward(std::span<const Tensor> in) {
        const Tensor& z = in[0];
        const Tensor& t = in[1];
        if (recording()) z_ = z, t_ = t;
        Tensor loss = Tensor::empty(z.shape(), z.dtype());
        dispatch(z.dtype(), [&]<class T>() {
            const T* pz = z.data<T>();
            const T* pt = t.data<T>();
            T* pl = loss.data<T>();
            const std::int64_t count = z.numel();
            for (std::int64_t i = 0; i < count; ++i)
                pl[i] = std::max(pz[i], T{0}) - pz[i] * pt[i] + std::log1p(std::exp(-std::abs(pz[i])));
        });
        return loss;
    }
    void backward(const Tensor& dy, std::span<Tensor> dx) override {
        dispatch(dy.dtype(), [&]<class T>() {
            const T* pg = dy.data<T>();
            const T* pz = z_.data<T>();
            const T* pt = t_.data<T>();
            const std::int64_t n = dy.numel();
            if (dx[0].defined()) {
                T* pdz = dx[0].data<T>();
                for (std::int64_t i = 0; i < n; ++i) {
                    // σ(z) with e^(−|z|) ≤ 1, so neither branch overflows.
                    T e = std::exp(-std::abs(pz[i]));
                    T sigma = pz[i] >= T{0} ? T{1} / (T{1} + e) : e / (T{1} + e);
                    pdz[i] += pg[i] * (sigma - pt[i]);
                }
            }
            if (dx[1].defined()) {
                T* pdt = dx[1].data<T>();
                for (std::int64_t i = 0; i < n; ++i) pdt[i] += pg[i] * -pz[i];
            }
        });
    }
};
Tensor bce_with_logits_loss(const Tensor& z, const Tensor& t, Reduction reduction) {
    detail::require_target_like(z, t, "bce_with_logits_loss", "logits");
    return detail::reduce_loss(record<BceWithLogits>({z, t}), reduction);
}

}  // namespace axon::ops
