#include "axon/train/history.hpp"

#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace axon {

namespace {
// JSON has no NaN: an unmeasured value is written as null.
nlohmann::json number_or_null(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }
}  // namespace

std::string History::to_json() const {
    nlohmann::json out;
    out["metric"] = metric_name;
    out["stopped_early"] = stopped_early;
    if (!stop_reason.empty()) out["stop_reason"] = stop_reason;
    out["epochs"] = nlohmann::json::array();
    for (const auto& e : epochs)
        out["epochs"].push_back({{"epoch", e.epoch},
                                 {"train_loss", number_or_null(e.train_loss)},
                                 {"train_" + metric_name, number_or_null(e.train_accuracy)},
                                 {"val_loss", number_or_null(e.val_loss)},
                                 {"val_" + metric_name, number_or_null(e.val_accuracy)},
                                 {"learning_rate", e.learning_rate},
                                 {"seconds", e.seconds},
                                 {"samples_per_second", e.samples_per_second}});
    return out.dump(2);
}

std::string History::to_csv() const {
    std::string s = fmt::format("epoch,train_loss,train_{0},val_loss,val_{0},learning_rate,seconds,samples_per_second\n",
                                metric_name);
    for (const auto& e : epochs)
        s += fmt::format("{},{:.9g},{:.9g},{:.9g},{:.9g},{:.9g},{:.6f},{:.1f}\n", e.epoch, e.train_loss, e.train_accuracy,
                         e.val_loss, e.val_accuracy, e.learning_rate, e.seconds, e.samples_per_second);
    return s;
}

}  // namespace axon
