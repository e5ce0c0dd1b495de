// The course as commands (issue 5): every exercise and figure of the notes in /work/shared/seeds is one
// Exercise here, run by `axon course NAME`. An exercise computes with the engine (autograd, layers,
// optimisers, Trainer, synthetic data), returns what it measured as named numbers, and writes its
// figures as PNG + SVG into the output directory.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace axon::course {

struct CourseOptions {
    // Figures go here (created when missing); empty: compute and measure only, write nothing.
    std::filesystem::path out_dir = "course";
    // MNIST's four IDX files (plain or .gz), for the exercises that need them.
    std::filesystem::path data_dir = "/work/shared/datasets/mnist";
    std::uint64_t seed = 0;  // every random choice of an exercise derives from it
};

// One measured number: "eta=0.1 final f" = 2.0000. Names are unique within a result.
struct Measurement {
    std::string name;
    double value = 0;
};

struct CourseResult {
    std::vector<Measurement> measurements;     // in the order they were measured
    std::vector<std::string> lines;            // extra facts worth printing (a caught error message, ...)
    std::vector<std::filesystem::path> files;  // figures written (PNG and SVG, DOT)

    void add(std::string name, double value);
    // The measurement called `name`. Throws ConfigError listing the names when there is none.
    double value(std::string_view name) const;
    bool has(std::string_view name) const;
};

struct Exercise {
    std::string name;         // "gd-2d"
    std::string description;  // one line
    std::string note;         // where the notes ask for it: "003 (gradient descent, η = 0.1, 0.001, 0.665757)"
    bool slow = false;        // seconds rather than a fraction of one: left out of the quick test run
    CourseResult (*run)(const CourseOptions& options) = nullptr;
};

// Every exercise, in the order of the notes.
const std::vector<Exercise>& exercises();
// The exercise called `name`. Throws ConfigError listing the names for an unknown one.
const Exercise& find_exercise(std::string_view name);

}  // namespace axon::course
