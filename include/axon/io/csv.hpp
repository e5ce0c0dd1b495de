// The CSV reader: one row per sample, numeric cells, one label column.
// Every cell is checked; errors name the file, the line (1-based, counting the header) and the column
// (1-based): "read_csv: 'iris.csv' line 17 has 3 columns, expected 5",
// "read_csv: 'x.csv' line 4 column 2: 'abc' is not a number".
#pragma once

#include <cstdint>
#include <string>

#include "axon/io/dataset.hpp"

namespace axon {

enum class CsvHeader : std::uint8_t {
    auto_detect,  // the first line is a header when one of its cells is not a number
    present,
    absent,
};

enum class CsvTask : std::uint8_t {
    classification,  // labels must be non-negative integers (C = max label + 1)
    regression,      // the label column is a float target (T = 1)
    auto_detect,     // classification when every label is a non-negative integer, else regression
};

struct CsvOptions {
    CsvHeader header = CsvHeader::auto_detect;
    // The label column: a header name, or an integer index (0-based; negative counts from the end, −1 is the
    // last column). A name is looked up first, so a column named "3" wins over index 3. Empty: the last column.
    std::string label_column;
    CsvTask task = CsvTask::classification;
    char delimiter = ',';
};

// Reads `path` into a float Dataset whose features are every column but the label, in file order.
// Blank lines are skipped; cells may be surrounded by spaces or double quotes; "\r\n" endings are accepted.
// Throws IoError (naming file, line, column and cell) when the file cannot be opened, has no data rows,
// a row has another number of columns than the first, a cell is empty or not a number, a cell is NaN or
// infinite, a classification label is not a non-negative integer (with a hint to read it as regression),
// or the label column (name or index) does not exist in the file; ConfigError when the delimiter is a
// double quote or a line break.
Dataset read_csv(const std::string& path, const CsvOptions& options = {});

}  // namespace axon
