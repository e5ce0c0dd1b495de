// The axon command line: one subcommand per file, dispatched here; errors reported once.
#include <CLI/CLI.hpp>
#include <cstdio>

#include "axon/error.hpp"

int main(int argc, char** argv) {
    CLI::App app{"axon: build, train, inspect and deploy neural networks on the CPU"};
    app.require_subcommand(1);
    app.add_subcommand("train", "train a model on a data set");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    } catch (const axon::ConfigError& e) {
        std::fprintf(stderr, "axon: error: %s\n", e.what());
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "axon: error: %s\n", e.what());
        return 1;
    }
    return 0;
}
