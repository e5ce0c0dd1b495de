// The report page: src/report/template.html with ECharts and the run's JSON put in its three slots.
#include <fmt/format.h>

#include "axon/error.hpp"
#include "axon/report/report.hpp"
#include "report/embedded.hpp"

namespace axon::report {

namespace {

// The JSON as it may sit inside <script type="application/json">: '<' becomes \u003c (valid in JSON
// strings, the only place '<' can occur), so neither "</script>" nor "<!--" can appear in the element.
std::string script_safe_json(const nlohmann::json& run) {
    const std::string text = run.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        if (c == '<') out += "\\u003c";
        else out += c;
    }
    return out;
}

}  // namespace

std::string report_html(const nlohmann::json& run, bool live) {
    // Each slot is filled once, in template order, so slot names inside the data are left alone.
    const std::string_view page = embedded::report_template();
    const std::pair<std::string_view, std::string> slots[] = {
        {"/*AXON_ECHARTS*/", std::string(embedded::echarts_js())},
        {"/*AXON_RUN_JSON*/", script_safe_json(run)},
        {"/*AXON_LIVE*/false", live ? "true" : "false"},
    };
    std::string out;
    out.reserve(page.size() + slots[0].second.size() + slots[1].second.size());
    std::size_t at = 0;
    for (const auto& [slot, value] : slots) {
        const std::size_t found = page.find(slot, at);
        if (found == std::string_view::npos)
            throw Error(fmt::format("report_html: the template has no slot {}", slot));
        out.append(page.substr(at, found - at));
        out += value;
        at = found + slot.size();
    }
    out.append(page.substr(at));
    return out;
}

}  // namespace axon::report
