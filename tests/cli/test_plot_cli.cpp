// axon plot end to end: each kind writes STEM.png and STEM.svg (network also STEM.dot) and prints the
// paths; errors exit non-zero with a message and write nothing.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "io/io_test_util.hpp"
#include "support/cli_run.hpp"

namespace axon {
namespace {

using test::TempDir;

using test::CliRun;
using test::axon_cli;
using test::read_all;


bool non_empty(const TempDir& dir, const std::string& name) {
    return std::filesystem::exists(dir.file(name)) && std::filesystem::file_size(dir.file(name)) > 0;
}

TEST(PlotCli, LossBoundaryNetworkAndGdWritePictures) {
    TempDir dir;
    auto train = axon_cli(dir, "train --data synthetic:gaussian_mixture --arch '8, relu, 2' --epochs 5 --lr 0.1 "
                               "--out m.axon --metrics-json run.json --history-csv h.csv");
    ASSERT_EQ(train.code, 0) << train.err;

    auto loss = axon_cli(dir, "plot loss run.json --out loss");
    EXPECT_EQ(loss.code, 0) << loss.err;
    EXPECT_EQ(loss.out, "loss.png\nloss.svg\n");
    EXPECT_TRUE(non_empty(dir, "loss.png") && non_empty(dir, "loss.svg"));
    EXPECT_EQ(axon_cli(dir, "plot loss h.csv --out loss_csv").code, 0);
    EXPECT_TRUE(non_empty(dir, "loss_csv.png"));

    auto boundary = axon_cli(dir, "plot boundary m.axon --data synthetic:gaussian_mixture:n=100 --resolution 60 --out b");
    EXPECT_EQ(boundary.code, 0) << boundary.err;
    EXPECT_TRUE(non_empty(dir, "b.png") && non_empty(dir, "b.svg"));

    auto network = axon_cli(dir, "plot network m.axon --out net");
    EXPECT_EQ(network.code, 0) << network.err;
    EXPECT_EQ(network.out, "net.dot\nnet.png\nnet.svg\n");
    EXPECT_TRUE(non_empty(dir, "net.dot") && non_empty(dir, "net.png") && non_empty(dir, "net.svg"));

    auto gd = axon_cli(dir, "plot gd --lr 0.1,0.7 --start 1,1 --steps 10 --out gd");
    EXPECT_EQ(gd.code, 0) << gd.err;
    EXPECT_TRUE(non_empty(dir, "gd.png") && non_empty(dir, "gd.svg"));
}

TEST(PlotCli, ErrorsExitNonZeroAndWriteNothing) {
    TempDir dir;
    auto missing = axon_cli(dir, "plot loss nothing.json --out x");
    EXPECT_EQ(missing.code, 1);
    EXPECT_NE(missing.err.find("no such file"), std::string::npos) << missing.err;

    ASSERT_EQ(axon_cli(dir, "train --data synthetic:random:n=60 --arch '4, relu, 2' --epochs 1 --out r.axon").code, 0);
    auto boundary = axon_cli(dir, "plot boundary r.axon --out b");
    EXPECT_EQ(boundary.code, 2);
    EXPECT_NE(boundary.err.find("needs a 2-input model"), std::string::npos) << boundary.err;
    auto weights = axon_cli(dir, "plot weights r.axon --out w");
    EXPECT_EQ(weights.code, 2);
    auto lr = axon_cli(dir, "plot gd --lr 0.1,abc --out g");
    EXPECT_EQ(lr.code, 2);
    EXPECT_NE(lr.err.find("'abc' is not a number"), std::string::npos) << lr.err;
    for (const auto* name : {"x.png", "b.png", "w.png", "g.png"}) EXPECT_FALSE(std::filesystem::exists(dir.file(name))) << name;
}

}  // namespace
}  // namespace axon
