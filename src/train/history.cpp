#include "axon/train/history.hpp"

#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "axon/error.hpp"

namespace axon {

namespace {
// JSON has no NaN: an unmeasured value is written as null.
nlohmann::json number_or_null(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }
double number_or_nan(const nlohmann::json& v) { return v.is_null() ? NAN : v.get<double>(); }
}  // namespace

std::string History::to_json() const {
    nlohmann::json out;
    out["metric"] = metric_name;
    out["stopped_early"] = stopped_early;
    if (!stop_reason.empty()) out["stop_reason"] = stop_reason;
    out["epochs"] = nlohmann::json::array();
    for (const auto& e : epochs) {
        nlohmann::json record = {{"epoch", e.epoch},
                                 {"train_loss", number_or_null(e.train_loss)},
                                 {"train_" + metric_name, number_or_null(e.train_accuracy)},
                                 {"val_loss", number_or_null(e.val_loss)},
                                 {"val_" + metric_name, number_or_null(e.val_accuracy)},
                                 {"learning_rate", e.learning_rate},
                                 {"seconds", e.seconds},
                                 {"samples_per_second", e.samples_per_second}};
        if (!e.norms.empty()) {
            record["norms"] = nlohmann::json::array();
            for (const auto& n : e.norms)
                record["norms"].push_back({{"name", n.name},
                                           {"weight_norm", number_or_null(n.weight_norm)},
                                           {"grad_norm", number_or_null(n.grad_norm)}});
        }
        out["epochs"].push_back(std::move(record));
    }
    return out.dump(2);
}

History History::from_json(const std::string& json) {
    History h;
    const char* key = "";
    try {
        const nlohmann::json in = nlohmann::json::parse(json);
        key = "metric";
        h.metric_name = in.at("metric").get<std::string>();
        key = "stopped_early";
        h.stopped_early = in.value("stopped_early", false);
        key = "stop_reason";
        h.stop_reason = in.value("stop_reason", std::string());
        const std::string train_metric = "train_" + h.metric_name, val_metric = "val_" + h.metric_name;
        key = "epochs";
        for (const auto& e : in.at("epochs")) {
            EpochRecord r;
            key = "epoch";
            r.epoch = e.at("epoch").get<std::int64_t>();
            key = "train_loss";
            r.train_loss = number_or_nan(e.at("train_loss"));
            key = "val_loss";
            r.val_loss = number_or_nan(e.at("val_loss"));
            key = "train_<metric>";
            r.train_accuracy = number_or_nan(e.at(train_metric));
            key = "val_<metric>";
            r.val_accuracy = number_or_nan(e.at(val_metric));
            key = "learning_rate";
            r.learning_rate = number_or_nan(e.at("learning_rate"));
            key = "seconds";
            r.seconds = number_or_nan(e.at("seconds"));
            key = "samples_per_second";
            r.samples_per_second = number_or_nan(e.at("samples_per_second"));
            key = "norms";
            if (e.contains("norms"))
                for (const auto& n : e.at("norms"))
                    r.norms.push_back({n.at("name").get<std::string>(), number_or_nan(n.at("weight_norm")),
                                       number_or_nan(n.at("grad_norm"))});
            h.epochs.push_back(std::move(r));
        }
    } catch (const nlohmann::json::exception& e) {
        throw IoError(fmt::format("History::from_json: malformed history at '{}' ({})", key, e.what()));
    }
    return h;
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
