// axon course LIST | NAME [--out DIR] [--data DIR] [--seed N]: the course's exercises, one command each.
// Prints what the exercise measured and the figures it wrote.
#include <chrono>
#include <cstdio>

#include <fmt/format.h>

#include "axon/course/course.hpp"
#include "axon/threads.hpp"
#include "commands.hpp"

namespace axon::cli {

namespace {

struct CourseArgs {
    std::string name;
    std::string out = "course";
    std::string data = "/work/shared/datasets/mnist";
    std::uint64_t seed = 0;
    int threads = 1;
};

void list_exercises() {
    for (auto& e : course::exercises())
        fmt::print("{:<22} {}{}\n{:<22} note {}\n", e.name, e.description, e.slow ? " [slow]" : "", "", e.note);
}

void run_exercise(const course::Exercise& e, const CourseArgs& args) {
    course::CourseOptions options;
    options.out_dir = args.out;
    options.data_dir = args.data;
    options.seed = args.seed;
    fmt::print("== {}: {}\n   note {}\n", e.name, e.description, e.note);
    const auto started = std::chrono::steady_clock::now();
    course::CourseResult result = e.run(options);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::size_t width = 0;
    for (auto& m : result.measurements) width = std::max(width, m.name.size());
    for (auto& m : result.measurements) fmt::print("   {:<{}}  {:.6g}\n", m.name, width, m.value);
    for (auto& line : result.lines) fmt::print("   {}\n", line);
    for (auto& file : result.files) fmt::print("   wrote {}\n", file.string());
    fmt::print("   ({:.1f} s)\n", seconds);
}

void run_course(const CourseArgs& args) {
    set_num_threads(args.threads);
    if (args.name == "LIST" || args.name == "list") return list_exercises();
    if (args.name == "all") {
        for (auto& e : course::exercises()) run_exercise(e, args);
        return;
    }
    run_exercise(course::find_exercise(args.name), args);
}

}  // namespace

void add_course(CLI::App& app) {
    auto args = std::make_shared<CourseArgs>();
    CLI::App* cmd = app.add_subcommand("course", "run an exercise of the course notes: LIST, NAME, or all");
    cmd->add_option("NAME", args->name, "LIST to list the exercises, an exercise's name, or all")->required();
    cmd->add_option("--out", args->out, "directory for the figures (PNG and SVG)")->capture_default_str();
    cmd->add_option("--data", args->data, "MNIST directory (IDX files) for the mnist exercise")->capture_default_str();
    cmd->add_option("--seed", args->seed, "seed of every random choice")->capture_default_str();
    cmd->add_option("--threads", args->threads,
                    "threads for the arithmetic; the course's networks are small, so one is fastest")
        ->check(kPositive)
        ->capture_default_str();
    cmd->callback([args] { run_course(*args); });
}

}  // namespace axon::cli
