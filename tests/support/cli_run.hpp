// Runs the axon binary built with the tests (AXON_CLI_PATH) in a temporary directory, so that relative
// output paths land there, and captures its exit code, stdout and stderr.
#pragma once

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

#include "io/io_test_util.hpp"

namespace axon::test {

struct CliRun {
    int code = -1;
    std::string out, err;
};

inline std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// `axon ARGS` in `dir`; ARGS is passed through the shell as written, and so is `environment`
// ("NAME=VALUE ...", set for axon alone).
inline CliRun axon_cli(const TempDir& dir, const std::string& args, const std::string& environment = "") {
    const std::string out = dir.file("stdout.txt"), err = dir.file("stderr.txt");
    const std::string command = "cd '" + dir.str() + "' && " + environment + " '" + AXON_CLI_PATH + "' " + args + " >'" +
                                out + "' 2>'" + err + "'";
    const int status = std::system(command.c_str());
    CliRun r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = read_all(out);
    r.err = read_all(err);
    return r;
}

}  // namespace axon::test
