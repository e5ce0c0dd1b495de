// axon_w: the workloads of issue 4 (W1 train, W2 infer, W3 tiny net) run end to end through axon's
// public API, each printing one JSON line in the format of the peer anchors (../shared/anchors:
// torch_bench.py, dlib_bench.cpp), so that bench/compare can put them in one table.
//
//   axon_w w1 THREADS [BATCH=128] [EPOCHS=5] [SEED=0]   Fashion-MNIST, 784-256-128-10 ReLU, softmax CE,
//                                              SGD heavy-ball momentum 0.9, lr 0.05, reshuffled each epoch
//   axon_w w2 THREADS [CALLS=3000]             same net, default init: batch-1 latency, batch-1000 samples/s
//   axon_w w3 THREADS [STEPS=2000] [SAMPLES=5] 2-16-16-1 tanh, MSE, full-batch GD lr 0.1 on the 200 points
//
// Timing follows the anchors: W1 samples/s = 60000 / wall time of one epoch (shuffle, batch gather,
// forward, backward, update; not the file loading nor the test evaluation). The data stays as
// axon keeps it (bytes, scaled when a batch is gathered), so peak RSS is axon's own, not the
// anchors' float32 copy.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <numeric>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "axon/io/data_spec.hpp"
#include "axon/io/dataset.hpp"
#include "axon/io/idx.hpp"
#include "axon/layers/activation.hpp"
#include "axon/layers/linear.hpp"
#include "axon/layers/sequential.hpp"
#include "axon/ops/loss.hpp"
#include "axon/optim/sgd.hpp"
#include "axon/random.hpp"
#include "axon/tensor.hpp"
#include "axon/threads.hpp"

namespace {

using namespace axon;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// Peak resident set size of this process in MiB (ru_maxrss is KiB on Linux), as common.h.
double peak_rss_mib() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return static_cast<double>(ru.ru_maxrss) / 1024.0;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

double percentile(std::vector<double> v, double p) {  // numpy's default (linear) interpolation
    std::sort(v.begin(), v.end());
    const double pos = p / 100.0 * static_cast<double>(v.size() - 1);
    const auto lo = static_cast<std::size_t>(pos);
    const std::size_t hi = std::min(lo + 1, v.size() - 1);
    return v[lo] + (pos - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

std::string json_list(const std::vector<double>& v) { return fmt::format("[{:.6g}]", fmt::join(v, ",")); }

// The W1/W2 network: 784-256-128-10 with ReLU, PyTorch's default initialisation.
Sequential mlp() {
    Sequential net;
    net.emplace<Linear>(784, 256).emplace<Activation>("relu").emplace<Linear>(256, 128);
    net.emplace<Activation>("relu").emplace<Linear>(128, 10);
    return net;
}

// Fraction of rows whose largest logit (N, C) is the label.
double accuracy(Sequential& net, const Dataset& data) {
    NoGradGuard no_grad;
    net.eval();
    const std::int64_t chunk = 1000, c = 10;
    std::int64_t correct = 0;
    Tensor x;
    std::vector<std::int32_t> labels;
    std::vector<std::int64_t> idx;
    for (std::int64_t start = 0; start < data.size(); start += chunk) {
        idx.resize(static_cast<std::size_t>(std::min(chunk, data.size() - start)));
        std::iota(idx.begin(), idx.end(), start);
        data.gather_batch(idx, x, labels);
        Tensor z = net(x);
        const float* zd = z.data<float>();
        for (std::size_t i = 0; i < idx.size(); ++i) {
            const float* row = zd + static_cast<std::int64_t>(i) * c;
            correct += (std::max_element(row, row + c) - row) == labels[i];
        }
    }
    net.train();
    return static_cast<double>(correct) / static_cast<double>(data.size());
}

int run_w1(int threads, std::int64_t batch, int epochs, std::uint64_t seed) {
    IdxSplits data = load_idx_dir(kFashionMnistDir, "Fashion-MNIST");
    const double rss_after_load = peak_rss_mib();
    manual_seed(seed);
    Sequential net = mlp();
    SGD opt(net.named_parameters(), SGDOptions{.lr = 0.05, .momentum = 0.9});
    Generator shuffle(seed + 1);
    const std::int64_t n = data.train.size();
    std::vector<double> epoch_s, sps, acc;
    double last_loss = 0.0;
    Tensor x;
    std::vector<std::int32_t> labels;
    for (int ep = 0; ep < epochs; ++ep) {
        const auto t0 = Clock::now();
        const std::vector<std::int64_t> perm = permutation(n, shuffle);
        for (std::int64_t i = 0; i < n; i += batch) {  // last partial batch kept, as the anchors
            const std::span<const std::int64_t> idx(perm.data() + i, static_cast<std::size_t>(std::min(batch, n - i)));
            data.train.gather_batch(idx, x, labels);
            opt.zero_grad();
            Tensor loss = ops::cross_entropy(net(x), labels);
            loss.backward();
            opt.step();
            if (i + batch >= n) last_loss = loss.item();
        }
        epoch_s.push_back(seconds_since(t0));
        sps.push_back(static_cast<double>(n) / epoch_s.back());
        acc.push_back(accuracy(net, data.test));
    }
    fmt::print(
        "{{\"system\":\"axon\",\"workload\":\"w1\",\"threads\":{},\"batch\":{},\"epochs\":{},\"seed\":{},\"epoch_s\":{},"
        "\"samples_per_s\":{},\"test_acc\":{},\"final_test_acc\":{:.4f},\"final_train_loss\":{:.5f},"
        "\"rss_after_load_mib\":{:.1f},\"peak_rss_mib\":{:.1f}}}\n",
        threads, batch, epochs, seed, json_list(epoch_s), json_list(sps), json_list(acc), acc.back(), last_loss,
        rss_after_load, peak_rss_mib());
    return 0;
}

int run_w2(int threads, int calls) {
    Dataset test = load_idx_dir(kFashionMnistDir, "Fashion-MNIST").test;
    manual_seed(0);
    Sequential net = mlp();
    net.eval();
    NoGradGuard no_grad;
    // The inputs are gathered up front (torch slices its float test set): 64 single images for
    // batch 1, the 10 batches of 1000 that cover the test set.
    std::vector<std::int32_t> labels;
    std::vector<Tensor> singles(64), thousands(10);
    for (std::int64_t i = 0; i < 64; ++i) {
        const std::int64_t idx[1] = {i};
        test.gather_batch(idx, singles[static_cast<std::size_t>(i)], labels);
    }
    std::vector<std::int64_t> idx(1000);
    for (std::size_t k = 0; k < thousands.size(); ++k) {
        std::iota(idx.begin(), idx.end(), static_cast<std::int64_t>(k) * 1000);
        test.gather_batch(idx, thousands[k], labels);
    }
    const double rss_after_load = peak_rss_mib();
    double sink = 0.0;
    for (int i = 0; i < 200; ++i) sink += net(singles[static_cast<std::size_t>(i % 64)]).data<float>()[0];
    std::vector<double> lat;
    lat.reserve(static_cast<std::size_t>(calls));
    for (int i = 0; i < calls; ++i) {
        const Tensor& xi = singles[static_cast<std::size_t>(i % 64)];
        const auto t0 = Clock::now();
        Tensor y = net(xi);
        lat.push_back(seconds_since(t0) * 1e6);
        sink += y.data<float>()[0];
    }
    for (int i = 0; i < 3; ++i) sink += net(thousands[0]).data<float>()[0];
    std::vector<double> sps;
    for (int r = 0; r < 15; ++r) {
        const auto t0 = Clock::now();
        for (const Tensor& xb : thousands) sink += net(xb).data<float>()[0];
        sps.push_back(10000.0 / seconds_since(t0));
    }
    fmt::print(
        "{{\"system\":\"axon\",\"workload\":\"w2\",\"threads\":{},\"b1_latency_us_median\":{:.3f},"
        "\"b1_latency_us_p10\":{:.3f},\"b1_latency_us_p90\":{:.3f},\"b1_calls\":{},\"b1000_samples_per_s\":{},"
        "\"sink\":{},\"rss_after_load_mib\":{:.1f},\"peak_rss_mib\":{:.1f}}}\n",
        threads, median(lat), percentile(lat, 10), percentile(lat, 90), calls, json_list(sps),
        static_cast<int>(std::isfinite(sink)), rss_after_load, peak_rss_mib());
    return 0;
}

// splitmix64 + Box-Muller: the 200 W3 points, bit-identical to common.h's w3_data.
std::uint64_t splitmix64(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

void w3_data(int n, std::vector<float>& x, std::vector<float>& y) {
    std::uint64_t state = 42;
    x.assign(static_cast<std::size_t>(n) * 2, 0.0f);
    y.assign(static_cast<std::size_t>(n), 0.0f);
    for (int i = 0; i < n; ++i) {
        const int cls = i < n / 2 ? 0 : 1;
        const double mu = cls == 0 ? -1.0 : 1.0;
        for (int j = 0; j < 2; ++j) {
            const std::uint64_t r1 = splitmix64(state), r2 = splitmix64(state);
            const double u1 = static_cast<double>((r1 >> 11) + 1) * (1.0 / 9007199254740993.0);
            const double u2 = static_cast<double>(r2 >> 11) * (1.0 / 9007199254740992.0);
            const double g = std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
            x[static_cast<std::size_t>(i * 2 + j)] = static_cast<float>(mu + 0.7 * g);
        }
        y[static_cast<std::size_t>(i)] = static_cast<float>(cls);
    }
}

int run_w3(int threads, int steps, int samples) {
    std::vector<float> xv, yv;
    w3_data(200, xv, yv);
    const Tensor x = Tensor::from(xv, {200, 2}), t = Tensor::from(yv, {200, 1});
    manual_seed(0);
    Sequential net;
    net.emplace<Linear>(2, 16).emplace<Activation>("tanh").emplace<Linear>(16, 16);
    net.emplace<Activation>("tanh").emplace<Linear>(16, 1);
    SGD opt(net.named_parameters(), SGDOptions{.lr = 0.1});
    double last = 0.0;
    auto step = [&] {
        opt.zero_grad();
        Tensor loss = ops::mse_loss(net(x), t);
        loss.backward();
        opt.step();
        return loss;
    };
    for (int i = 0; i < 100; ++i) step();
    std::vector<double> sps;
    for (int s = 0; s < samples; ++s) {
        const auto t0 = Clock::now();
        for (int i = 0; i < steps; ++i) last = step().item();
        sps.push_back(static_cast<double>(steps) / seconds_since(t0));
    }
    NoGradGuard no_grad;
    const Tensor o = net(x);
    int ok = 0;
    for (std::int64_t i = 0; i < 200; ++i) ok += (o.data<float>()[i] > 0.5f) == (yv[static_cast<std::size_t>(i)] > 0.5f);
    fmt::print(
        "{{\"system\":\"axon\",\"workload\":\"w3\",\"threads\":{},\"steps_per_s\":{},\"final_mse\":{:.5f},"
        "\"train_acc\":{:.3f},\"steps_done\":{},\"peak_rss_mib\":{:.1f}}}\n",
        threads, json_list(sps), last, ok / 200.0, 100 + steps * samples, peak_rss_mib());
    return 0;
}

int usage() {
    std::fputs("usage: axon_w w1 THREADS [BATCH=128] [EPOCHS=5] [SEED=0]\n"
               "       axon_w w2 THREADS [CALLS=3000]\n"
               "       axon_w w3 THREADS [STEPS=2000] [SAMPLES=5]\n",
               stderr);
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) return usage();
    const std::string workload = argv[1];
    const int threads = std::atoi(argv[2]);
    auto arg = [&](int i, long fallback) { return argc > i ? std::atol(argv[i]) : fallback; };
    try {
        axon::set_num_threads(threads);
        if (workload == "w1")
            return run_w1(threads, arg(3, 128), static_cast<int>(arg(4, 5)), static_cast<std::uint64_t>(arg(5, 0)));
        if (workload == "w2") return run_w2(threads, static_cast<int>(arg(3, 3000)));
        if (workload == "w3") return run_w3(threads, static_cast<int>(arg(3, 2000)), static_cast<int>(arg(4, 5)));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "axon_w: %s\n", e.what());
        return 1;
    }
    return usage();
}
