// Files the build embeds into the library (cmake/embed_file.cmake generates their definitions).
#pragma once

#include <string_view>

namespace axon::embedded {

std::string_view echarts_js();       // third_party/echarts/echarts.min.js (Apache ECharts, pinned)
std::string_view report_template();  // src/report/template.html

}  // namespace axon::embedded
