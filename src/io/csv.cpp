#include "axon/io/csv.hpp"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>

#include "axon/error.hpp"

namespace axon {
namespace {

// The largest class label accepted: a typo like 1e9 would otherwise ask for a billion output units.
constexpr double kMaxClassLabel = 1e6;

struct Cell {
    std::string text;
    bool quoted = false;
};

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// Splits one line at `delimiter`, honouring double quotes ("" inside quotes is a literal quote).
// Returns false when a quote is left open.
bool split_line(std::string_view line, char delimiter, std::vector<Cell>& cells) {
    cells.clear();
    std::size_t i = 0;
    while (true) {
        Cell cell;
        // skip leading blanks
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t') && line[i] != delimiter) ++i;
        if (i < line.size() && line[i] == '"') {
            cell.quoted = true;
            ++i;
            bool closed = false;
            while (i < line.size()) {
                if (line[i] == '"') {
                    if (i + 1 < line.size() && line[i + 1] == '"') {
                        cell.text += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    closed = true;
                    break;
                }
                cell.text += line[i++];
            }
            if (!closed) return false;
            while (i < line.size() && line[i] != delimiter) {
                if (line[i] != ' ' && line[i] != '\t') cell.text += line[i];  // junk after the quote: keep it, it will not parse
                ++i;
            }
        } else {
            const std::size_t end = line.find(delimiter, i);
            cell.text = std::string(trim(line.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i)));
            i = end == std::string_view::npos ? line.size() : end;
        }
        cells.push_back(std::move(cell));
        if (i >= line.size()) break;
        ++i;  // the delimiter
        if (i == line.size()) {  // a trailing delimiter: one last empty cell
            cells.push_back({});
            break;
        }
    }
    return true;
}

enum class Parse { ok, empty, not_a_number, out_of_range };

Parse parse_number(std::string_view s, double& value) {
    s = trim(s);
    if (s.empty()) return Parse::empty;
    if (s.front() == '+') s.remove_prefix(1);
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec == std::errc::result_out_of_range) return Parse::out_of_range;
    if (ec != std::errc() || end != s.data() + s.size()) return Parse::not_a_number;
    return Parse::ok;
}

}  // namespace

Dataset read_csv(const std::string& path, const CsvOptions& options) {
    if (options.delimiter == '"' || options.delimiter == '\n' || options.delimiter == '\r')
        throw ConfigError(fmt::format("read_csv: the delimiter cannot be a quote or a line break (got '{}')",
                                      options.delimiter));
    errno = 0;
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw IoError(fmt::format("read_csv: cannot open '{}': {}", path,
                                  errno != 0 ? std::strerror(errno) : "cannot be read"));

    std::string line;
    std::vector<Cell> cells;
    std::vector<std::string> names;  // the header, when there is one
    std::int64_t line_no = 0, columns = 0, label_col = -1;
    std::vector<float> features;
    std::vector<double> labels;
    std::int64_t label_line_of_first_fraction = 0;  // for CsvTask::auto_detect's report
    bool first = true;

    auto resolve_label_column = [&]() {
        const std::string& want = options.label_column;
        if (want.empty()) return columns - 1;
        for (std::size_t k = 0; k < names.size(); ++k)
            if (names[k] == want) return static_cast<std::int64_t>(k);
        std::int64_t index = 0;
        const auto [end, ec] = std::from_chars(want.data(), want.data() + want.size(), index);
        if (ec != std::errc() || end != want.data() + want.size()) {
            std::string list;
            for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
            throw IoError(fmt::format("read_csv: '{}' has no column named '{}' ({})", path, want,
                                      names.empty() ? std::string("the file has no header") : "columns: " + list));
        }
        const std::int64_t resolved = index < 0 ? columns + index : index;
        if (resolved < 0 || resolved >= columns)
            throw IoError(fmt::format("read_csv: label column index {} is out of range: '{}' has {} columns", index,
                                      path, columns));
        return resolved;
    };

    while (std::getline(in, line)) {
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (trim(line).empty()) continue;
        if (!split_line(line, options.delimiter, cells))
            throw IoError(fmt::format("read_csv: '{}' line {} has an unclosed double quote", path, line_no));
        const auto n_cells = static_cast<std::int64_t>(cells.size());
        if (first) {
            first = false;
            columns = n_cells;
            if (columns < 2)
                throw IoError(fmt::format("read_csv: '{}' line {} has {} column, expected at least 2 (features and a "
                                          "label; is the delimiter '{}' right?)",
                                          path, line_no, columns, options.delimiter));
            bool header = options.header == CsvHeader::present;
            if (options.header == CsvHeader::auto_detect) {
                double v = 0;
                for (const auto& c : cells)
                    if (parse_number(c.text, v) != Parse::ok) header = true;
            }
            if (header) {
                for (const auto& c : cells) names.push_back(c.text);
                label_col = resolve_label_column();
                continue;
            }
            label_col = resolve_label_column();
        }
        if (n_cells != columns)
            throw IoError(fmt::format("read_csv: '{}' line {} has {} columns, expected {}", path, line_no, n_cells, columns));
        for (std::int64_t k = 0; k < columns; ++k) {
            const std::string& text = cells[static_cast<std::size_t>(k)].text;
            double v = 0;
            switch (parse_number(text, v)) {
                case Parse::ok: break;
                case Parse::empty:
                    throw IoError(fmt::format("read_csv: '{}' line {} column {} is empty", path, line_no, k + 1));
                case Parse::not_a_number:
                    throw IoError(fmt::format("read_csv: '{}' line {} column {}: '{}' is not a number", path, line_no,
                                              k + 1, text));
                case Parse::out_of_range:
                    throw IoError(fmt::format("read_csv: '{}' line {} column {}: '{}' is out of range", path, line_no,
                                              k + 1, text));
            }
            if (!std::isfinite(v))
                throw IoError(fmt::format("read_csv: '{}' line {} column {}: '{}' is not a finite number", path,
                                          line_no, k + 1, text));
            if (k == label_col) {
                const bool is_class = v >= 0 && v == std::floor(v) && v <= kMaxClassLabel;
                if (options.task == CsvTask::classification && !is_class)
                    throw IoError(fmt::format(
                        "read_csv: '{}' line {} column {}: label '{}' is not a class (an integer in 0..{}); read the "
                        "file as regression to use it as a float target",
                        path, line_no, k + 1, text, kMaxClassLabel));
                if (!is_class && label_line_of_first_fraction == 0) label_line_of_first_fraction = line_no;
                labels.push_back(v);
            } else {
                if (std::abs(v) > std::numeric_limits<float>::max())
                    throw IoError(fmt::format("read_csv: '{}' line {} column {}: '{}' does not fit in a float32", path,
                                              line_no, k + 1, text));
                features.push_back(static_cast<float>(v));
            }
        }
    }
    if (in.bad()) throw IoError(fmt::format("read_csv: cannot read '{}' after line {}", path, line_no));
    if (labels.empty())
        throw IoError(fmt::format("read_csv: '{}' has no data rows{}", path, names.empty() ? "" : " (only a header)"));

    const std::string name = std::filesystem::path(path).filename().string();
    const bool classify = options.task == CsvTask::classification ||
                          (options.task == CsvTask::auto_detect && label_line_of_first_fraction == 0);
    if (classify) {
        std::vector<std::int32_t> classes(labels.size());
        std::int32_t max_label = 0;
        for (std::size_t i = 0; i < labels.size(); ++i) {
            classes[i] = static_cast<std::int32_t>(labels[i]);
            max_label = std::max(max_label, classes[i]);
        }
        return Dataset::classification(std::move(features), columns - 1, std::move(classes), max_label + 1, name);
    }
    std::vector<float> targets(labels.begin(), labels.end());
    for (std::size_t i = 0; i < labels.size(); ++i)
        if (std::abs(labels[i]) > std::numeric_limits<float>::max())
            throw IoError(fmt::format("read_csv: '{}' data row {}: target {} does not fit in a float32", path, i + 1,
                                      labels[i]));
    return Dataset::regression(std::move(features), columns - 1, std::move(targets), 1, name);
}

}  // namespace axon
