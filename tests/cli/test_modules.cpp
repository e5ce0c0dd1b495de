// The axon program keeps cairo, Graphviz and cpp-httplib (with OpenSSL) out of its start: they live in
// the modules axon_draw.so and axon_serve.so beside it, opened by the commands that draw or serve.
// These tests check that the program does not link them, that --help loads none of them, that the
// commands that need them load them, and that a missing or foreign module is a clear error.
#include <gtest/gtest.h>

#include <stdio.h>
#include <stdlib.h>

#include <filesystem>
#include <string>

#include "io/io_test_util.hpp"
#include "support/cli_run.hpp"

namespace axon {
namespace {

using test::axon_cli;
using test::TempDir;

const std::filesystem::path kProgramDir = std::filesystem::path(AXON_CLI_PATH).parent_path();

// stdout of a shell command.
std::string command_output(const std::string& command) {
    std::string out;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) return out;
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
    ::pclose(pipe);
    return out;
}

// The NEEDED entries of an ELF file's dynamic section, one per line ("readelf -d", binutils).
std::string needed_libraries(const std::filesystem::path& elf) {
    std::string needed;
    const std::string dynamic = command_output("readelf -d '" + elf.string() + "'");
    for (std::size_t at = dynamic.find("(NEEDED)"); at != std::string::npos; at = dynamic.find("(NEEDED)", at + 1)) {
        const auto open = dynamic.find('[', at), close = dynamic.find(']', at);
        needed += dynamic.substr(open + 1, close - open - 1) + "\n";
    }
    return needed;
}

// An empty directory `name` in `dir`, to point AXON_MODULE_DIR at.
std::filesystem::path module_directory(const TempDir& dir, const std::string& name) {
    const std::filesystem::path path = dir.file(name);
    std::filesystem::create_directory(path);
    return path;
}

TEST(Modules, TheProgramLinksNoDrawingOrServingLibrary) {
    const std::string program = needed_libraries(AXON_CLI_PATH);
    ASSERT_NE(program.find("libdnnl"), std::string::npos) << "readelf found no NEEDED entries:\n" << program;
    for (const char* library : {"libcairo", "libgvc", "libcgraph", "libcpp-httplib", "libssl", "libcrypto", "libbrotli"})
        EXPECT_EQ(program.find(library), std::string::npos) << "axon links " << library << ":\n" << program;
    EXPECT_NE(needed_libraries(kProgramDir / "axon_draw.so").find("libcairo"), std::string::npos);
    EXPECT_NE(needed_libraries(kProgramDir / "axon_serve.so").find("libcpp-httplib"), std::string::npos);
}

TEST(Modules, HelpLoadsNoModuleAndPlottingLoadsTheDrawingOne) {
    TempDir dir;
    const std::string debug = "LD_DEBUG=files";  // the dynamic loader names each object it opens, on stderr
    const auto help = axon_cli(dir, "--help", debug);
    ASSERT_EQ(help.code, 0) << help.err;
    ASSERT_NE(help.err.find("libdnnl"), std::string::npos) << "LD_DEBUG=files printed nothing:\n" << help.err;
    EXPECT_EQ(help.err.find("axon_draw.so"), std::string::npos);
    EXPECT_EQ(help.err.find("libcairo"), std::string::npos);
    EXPECT_EQ(help.err.find("axon_serve.so"), std::string::npos);

    const auto plot = axon_cli(dir, "plot gd --lr 0.1 --steps 3 --out gd", debug);
    ASSERT_EQ(plot.code, 0) << plot.err;
    EXPECT_NE(plot.err.find("axon_draw.so"), std::string::npos);
    EXPECT_NE(plot.err.find("libcairo"), std::string::npos);
    EXPECT_TRUE(std::filesystem::exists(dir.file("gd.png")));
}

// OpenBLAS runs on the calling thread only; its pthread build would start a spinning pool at load time
// (CMakeLists.txt), so the program carries a RUNPATH to Debian's serial build.
TEST(Modules, TheProgramLoadsTheSerialOpenBlas) {
    TempDir dir;
    const auto help = axon_cli(dir, "--help", "LD_DEBUG=files");
    ASSERT_EQ(help.code, 0) << help.err;
    ASSERT_NE(help.err.find("libopenblas.so.0"), std::string::npos) << "LD_DEBUG=files printed nothing:\n" << help.err;
    EXPECT_NE(help.err.find("openblas-serial/libopenblas.so.0"), std::string::npos) << help.err;
    EXPECT_EQ(help.err.find("openblas-pthread"), std::string::npos) << help.err;
}

TEST(Modules, MissingDrawingModuleIsAClearErrorAndWritesNothing) {
    TempDir dir;
    const std::filesystem::path empty = module_directory(dir, "no-modules");
    const auto plot = axon_cli(dir, "plot gd --lr 0.1 --steps 3 --out gd", "AXON_MODULE_DIR='" + empty.string() + "'");
    EXPECT_EQ(plot.code, 1);
    EXPECT_NE(plot.err.find("drawing pictures needs axon's module axon_draw.so"), std::string::npos) << plot.err;
    EXPECT_NE(plot.err.find((empty / "axon_draw.so").string() + " (no such file)"), std::string::npos) << plot.err;
    EXPECT_NE(plot.err.find("AXON_MODULE_DIR"), std::string::npos) << plot.err;
    EXPECT_FALSE(std::filesystem::exists(dir.file("gd.png")));
    EXPECT_FALSE(std::filesystem::exists(dir.file("gd.svg")));
}

TEST(Modules, ForeignSharedObjectIsRejected) {
    const std::filesystem::path zlib = "/usr/lib/x86_64-linux-gnu/libz.so.1";
    if (!std::filesystem::exists(zlib)) GTEST_SKIP() << zlib << " is missing: no foreign shared object to offer";
    TempDir dir;
    const std::filesystem::path modules = module_directory(dir, "modules");
    std::filesystem::copy_file(zlib, modules / "axon_draw.so");
    const auto plot = axon_cli(dir, "plot gd --lr 0.1 --steps 3 --out gd", "AXON_MODULE_DIR='" + modules.string() + "'");
    EXPECT_EQ(plot.code, 1);
    EXPECT_NE(plot.err.find("not an axon module"), std::string::npos) << plot.err;
}

TEST(Modules, ServeWithoutItsModuleIsAClearErrorAndWritesNoModel) {
    TempDir dir;
    const std::filesystem::path empty = module_directory(dir, "no-modules");
    const auto train = axon_cli(dir, "train --data synthetic:gaussian_mixture --layers 8 --epochs 1 --quiet --serve 1 --out m.axon",
                                "AXON_MODULE_DIR='" + empty.string() + "'");
    EXPECT_EQ(train.code, 1);
    EXPECT_NE(train.err.find("train --serve needs axon's module axon_serve.so"), std::string::npos) << train.err;
    EXPECT_FALSE(std::filesystem::exists(dir.file("m.axon")));
}

TEST(Modules, InstalledProgramFindsItsModulesInLibAxon) {
    TempDir dir;
    const std::string prefix = dir.file("prefix");
    const std::string install = command_output("cmake --install '" AXON_BUILD_DIR "' --prefix '" + prefix + "' 2>&1");
    const std::filesystem::path program = std::filesystem::path(prefix) / "bin" / "axon";
    ASSERT_TRUE(std::filesystem::exists(program)) << install;
    EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(prefix) / "lib" / "axon" / "axon_draw.so")) << install;
    const std::string out = dir.file("gd");
    EXPECT_EQ(std::system(("'" + program.string() + "' plot gd --lr 0.1 --steps 3 --out '" + out + "' >/dev/null").c_str()), 0);
    EXPECT_TRUE(std::filesystem::exists(out + ".png"));
}

}  // namespace
}  // namespace axon
