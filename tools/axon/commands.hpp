// Each subcommand registers its options and its action on the CLI11 app (one file per subcommand).
#pragma once

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <string>

namespace axon::cli {

// Number checks with a readable message: CLI11's PositiveNumber says "Value 0 not in range 0.000000 to
// 1797693134862315708…000.000000", which is both unreadable and wrong about 0.
inline CLI::Validator number_check(bool allow_zero) {
    return CLI::Validator(
        [allow_zero](std::string& text) -> std::string {
            char* end = nullptr;
            const double value = std::strtod(text.c_str(), &end);
            if (end == text.c_str() || *end != '\0') return "'" + text + "' is not a number";
            if (allow_zero ? value >= 0 : value > 0) return "";
            return std::string("must be ") + (allow_zero ? "≥ 0" : "> 0") + " (got " + text + ")";
        },
        allow_zero ? "NUMBER ≥ 0" : "NUMBER > 0");
}
inline const CLI::Validator kPositive = number_check(false);
inline const CLI::Validator kNonNegative = number_check(true);

void add_train(CLI::App& app);
void add_eval(CLI::App& app);
void add_predict(CLI::App& app);
void add_info(CLI::App& app);
void add_export(CLI::App& app);
void add_import(CLI::App& app);
void add_course(CLI::App& app);
void add_plot(CLI::App& app);
void add_report(CLI::App& app);

}  // namespace axon::cli
