#include "support/gradcheck.hpp"

#include <cmath>
#include <random>

namespace axon::test {

Tensor uniform(const Shape& shape, double lo, double hi, unsigned seed, DType dtype) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> dist(lo, hi);
    std::vector<double> v(static_cast<std::size_t>(shape_numel(shape)));
    for (double& x : v) x = dist(rng);
    return Tensor::from(std::span<const double>(v), shape).to(dtype);
}

Tensor uniform_away_from_zero(const Shape& shape, double lo, double hi, double margin, unsigned seed, DType dtype) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> dist(lo, hi);
    std::vector<double> v(static_cast<std::size_t>(shape_numel(shape)));
    for (double& x : v) {
        do x = dist(rng);
        while (std::abs(x) < margin);
    }
    return Tensor::from(std::span<const double>(v), shape).to(dtype);
}

namespace {
double projected(const TensorFunction& f, const std::vector<Tensor>& inputs, const Tensor& r) {
    NoGradGuard no_grad;
    Tensor y = f(inputs);
    double total = 0;
    for (std::int64_t i = 0; i < y.numel(); ++i) total += y.at(i) * r.at(i);
    return total;
}
}  // namespace

::testing::AssertionResult gradcheck(const std::string& name, const TensorFunction& f, std::vector<Tensor> inputs,
                                     const GradcheckOptions& options) {
    constexpr double kPrefill = 0.25;
    std::vector<Tensor> leaves;
    for (std::size_t k = 0; k < inputs.size(); ++k) {
        bool skip = k < options.skip.size() && options.skip[k];
        Tensor leaf = inputs[k].clone();
        if (!skip) {
            leaf.requires_grad_();
            leaf.set_grad(Tensor::full(leaf.shape(), kPrefill, leaf.dtype()));
        }
        leaves.push_back(leaf);
    }
    Tensor y = f(leaves);
    Tensor r = uniform(y.shape(), -1.0, 1.0, 12345, y.dtype());
    if (!y.requires_grad())
        return ::testing::AssertionFailure() << name << ": output does not require grad (the op recorded nothing)";
    ops::sum(y * r).backward();

    for (std::size_t k = 0; k < leaves.size(); ++k) {
        if (k < options.skip.size() && options.skip[k]) continue;
        Tensor analytic = leaves[k].grad();
        if (!analytic.defined())
            return ::testing::AssertionFailure() << name << " input " << k << ": no gradient reached it";
        std::vector<Tensor> probe = leaves;
        for (Tensor& p : probe) p = p.detach().clone();
        for (std::int64_t i = 0; i < leaves[k].numel(); ++i) {
            double x0 = probe[k].at(i);
            auto set = [&](double v) {
                if (probe[k].dtype() == DType::f64) probe[k].data<double>()[i] = v;
                else probe[k].data<float>()[i] = static_cast<float>(v);
            };
            set(x0 + options.eps);
            double up = projected(f, probe, r);
            set(x0 - options.eps);
            double down = projected(f, probe, r);
            set(x0);
            double numeric = (up - down) / (2 * options.eps);
            double a = analytic.at(i) - kPrefill;
            double err = std::abs(a - numeric);
            if (err > options.atol && err > options.rtol * std::abs(numeric))
                return ::testing::AssertionFailure()
                       << name << " input " << k << " " << shape_str(leaves[k].shape()) << " index " << i
                       << ": analytic " << a << " vs numeric " << numeric << " (rtol " << options.rtol << ", atol "
                       << options.atol << ")";
        }
    }
    return ::testing::AssertionSuccess();
}

}  // namespace axon::test
