#include "train/progress.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <fmt/format.h>
#include <unistd.h>

namespace axon {

namespace {
std::string rate(double samples_per_second) {
    if (!std::isfinite(samples_per_second)) return "-";
    if (samples_per_second >= 1e6) return fmt::format("{:.2f}M", samples_per_second / 1e6);
    if (samples_per_second >= 1e3) return fmt::format("{:.1f}k", samples_per_second / 1e3);
    return fmt::format("{:.0f}", samples_per_second);
}
std::string metric_text(const std::string& metric, double v) {
    if (!std::isfinite(v)) return metric + " -";
    return metric == "accuracy" ? fmt::format("acc {:.2f}%", 100 * v) : fmt::format("{} {:.4f}", metric, v);
}
}  // namespace

Progress::Progress(bool enabled, std::int64_t epochs, std::int64_t batches, std::string metric)
    : enabled_(enabled), terminal_(enabled && ::isatty(STDERR_FILENO)), epochs_(epochs), batches_(batches),
      metric_(std::move(metric)) {}

void Progress::begin_epoch(std::int64_t epoch, double) {
    epoch_ = epoch;
    epoch_start_ = last_draw_ = std::chrono::steady_clock::now();
}

void Progress::update(std::int64_t done, double loss, double accuracy, double samples_per_second) {
    if (!terminal_) return;
    auto now = std::chrono::steady_clock::now();
    // Redraw at most 10 times a second: drawing must not cost the training loop anything measurable.
    if (done != batches_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
    last_draw_ = now;
    const double elapsed = std::chrono::duration<double>(now - epoch_start_).count();
    const double eta = done > 0 ? elapsed * static_cast<double>(batches_ - done) / static_cast<double>(done) : 0;
    constexpr int kWidth = 24;
    const int filled = static_cast<int>(kWidth * done / std::max<std::int64_t>(1, batches_));
    std::string bar(static_cast<std::size_t>(filled), '=');
    if (filled < kWidth) bar += '>';
    bar.resize(kWidth, ' ');
    std::fprintf(stderr, "\r\033[Kepoch %lld/%lld [%s] %lld/%lld loss %.4f %s %s samples/s ETA %.0fs",
                 static_cast<long long>(epoch_), static_cast<long long>(epochs_), bar.c_str(),
                 static_cast<long long>(done), static_cast<long long>(batches_), loss,
                 metric_text(metric_, accuracy).c_str(), rate(samples_per_second).c_str(), eta);
    std::fflush(stderr);
}

void Progress::end_epoch(const EpochRecord& r) {
    if (!enabled_) return;
    std::string line = fmt::format("epoch {}/{}  train loss {:.4f} {}", r.epoch, epochs_, r.train_loss,
                                   metric_text(metric_, r.train_accuracy));
    if (std::isfinite(r.val_loss))
        line += fmt::format("  val loss {:.4f} {}", r.val_loss, metric_text(metric_, r.val_accuracy));
    line += fmt::format("  {} samples/s  {:.2f}s  lr {:.4g}", rate(r.samples_per_second), r.seconds, r.learning_rate);
    std::fprintf(stderr, "%s%s\n", terminal_ ? "\r\033[K" : "", line.c_str());
    std::fflush(stderr);
}

void Progress::message(const std::string& text) {
    if (!enabled_) return;
    std::fprintf(stderr, "%s%s\n", terminal_ ? "\r\033[K" : "", text.c_str());
}

}  // namespace axon
