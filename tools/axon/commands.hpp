// Each subcommand registers its options and its action on the CLI11 app (one file per subcommand).
#pragma once

#include <CLI/CLI.hpp>

namespace axon::cli {

void add_train(CLI::App& app);
void add_eval(CLI::App& app);
void add_predict(CLI::App& app);
void add_info(CLI::App& app);
void add_export(CLI::App& app);
void add_import(CLI::App& app);

}  // namespace axon::cli
