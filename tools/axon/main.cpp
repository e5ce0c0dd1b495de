// The axon command line: subcommands live one per file; errors are reported here, once.
//   exit 0 success, 1 runtime failure (bad file, diverged training), 2 usage or configuration error.
#include <cstdio>

#include "axon/error.hpp"
#include "commands.hpp"

int main(int argc, char** argv) {
    CLI::App app{"axon: build, train, inspect and deploy neural networks on the CPU"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "axon " AXON_VERSION_STRING);
    axon::cli::add_train(app);
    axon::cli::add_eval(app);
    axon::cli::add_predict(app);
    axon::cli::add_info(app);
    axon::cli::add_export(app);
    axon::cli::add_import(app);
    axon::cli::add_course(app);
    axon::cli::add_plot(app);
    axon::cli::add_report(app);
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::fprintf(stderr, "axon: error: %s\n", e.what());
        std::fprintf(stderr, "run 'axon --help' or 'axon COMMAND --help' for the options\n");
        return 2;
    } catch (const axon::ConfigError& e) {
        std::fprintf(stderr, "axon: error: %s\n", e.what());
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "axon: error: %s\n", e.what());
        return 1;
    }
    return 0;
}
