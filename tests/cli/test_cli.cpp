// The axon CLI end to end (issue 3's acceptance tests): bad input is rejected with a clear message,
// a non-zero exit (2 usage/configuration, 1 runtime) and no output file; help lists the commands; a
// saved model evaluates to the accuracy training reported; a resumed run ends bit for bit where an
// uninterrupted one does. Each run is a few hundred points for a few epochs (tens of milliseconds).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "axon/io/idx.hpp"
#include "axon/io/model_file.hpp"
#include "io/io_test_util.hpp"
#include "support/cli_run.hpp"

namespace axon {
namespace {

using test::contains;
using test::TempDir;
using test::write_bytes;
using test::write_file;

using test::CliRun;
using test::axon_cli;
using test::read_all;


bool exists(const TempDir& dir, const std::string& name) { return std::filesystem::exists(dir.file(name)); }

// No output file, and no temporary left by an atomic write that never finished.
::testing::AssertionResult nothing_written(const TempDir& dir, const std::vector<std::string>& names) {
    for (const auto& entry : std::filesystem::directory_iterator(dir.str())) {
        const std::string name = entry.path().filename().string();
        for (const auto& n : names)
            if (name.rfind(n, 0) == 0) return ::testing::AssertionFailure() << "left behind: " << name;
    }
    return ::testing::AssertionSuccess();
}

// The flags of a small fast run that writes every output file a failing run must not leave behind.
const std::string kOutputs = " --epochs 2 --quiet --out m.axon --metrics-json m.json --checkpoint c.axon";

// 4×4 images; labels cycle through 0…9.
std::vector<std::uint8_t> cli_images(std::uint32_t count) { return test::idx_images(count, 4, 4); }
std::vector<std::uint8_t> cli_labels(std::uint32_t count, std::uint32_t magic = kIdxLabelsMagic) {
    std::vector<std::uint8_t> labels(count);
    for (std::uint32_t k = 0; k < count; ++k) labels[k] = static_cast<std::uint8_t>(k % 10);
    return test::idx_labels(labels, magic);
}
// A valid MNIST-layout folder of 20 training and 10 test 4×4 images; tests then spoil one file.
std::string write_idx_dir(const TempDir& dir) {
    const std::string d = dir.file("idx");
    std::filesystem::create_directories(d);
    write_bytes(d + "/train-images-idx3-ubyte", cli_images(20), false);
    write_bytes(d + "/train-labels-idx1-ubyte", cli_labels(20), false);
    write_bytes(d + "/t10k-images-idx3-ubyte", cli_images(10), false);
    write_bytes(d + "/t10k-labels-idx1-ubyte", cli_labels(10), false);
    return d;
}

TEST(Cli, HelpListsEveryCommand) {
    TempDir dir;
    CliRun r = axon_cli(dir, "--help");
    EXPECT_EQ(r.code, 0) << r.err;
    for (const char* command : {"train", "eval", "predict", "info", "export", "import"})
        EXPECT_TRUE(contains(r.out, std::string("\n  ") + command + " ")) << command;
}

TEST(Cli, ValidIdxFolderTrains) {  // the control for the IDX failures below
    TempDir dir;
    const std::string d = write_idx_dir(dir);
    CliRun r = axon_cli(dir, "train --data idx:" + d + " --layers 8" + kOutputs);
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(exists(dir, "m.axon"));
    EXPECT_TRUE(exists(dir, "m.json"));
}

TEST(Cli, UnknownFlagIsAUsageError) {
    TempDir dir;
    CliRun r = axon_cli(dir, "train --data synthetic:xor --bogus-flag 3" + kOutputs);
    EXPECT_EQ(r.code, 2);
    EXPECT_TRUE(contains(r.err, "axon: error:"));
    EXPECT_TRUE(contains(r.err, "--bogus-flag"));
    EXPECT_TRUE(nothing_written(dir, {"m.axon", "m.json", "c.axon"}));
}

TEST(Cli, MissingDataFileIsARuntimeError) {
    TempDir dir;
    CliRun r = axon_cli(dir, "train --data csv:/nonexistent/data.csv" + kOutputs);
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(contains(r.err, "cannot open '/nonexistent/data.csv'"));
    EXPECT_TRUE(nothing_written(dir, {"m.axon", "m.json", "c.axon"}));
    // a missing IDX folder, and a missing model file
    r = axon_cli(dir, "train --data idx:" + dir.file("no-such-dir") + kOutputs);
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(contains(r.err, "no-such-dir"));
    r = axon_cli(dir, "eval missing.axon --data synthetic:xor --metrics-json e.json");
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(contains(r.err, "cannot open 'missing.axon'"));
    EXPECT_TRUE(nothing_written(dir, {"m.axon", "m.json", "c.axon", "e.json"}));
}

TEST(Cli, TruncatedIdxFileIsRejected) {
    TempDir dir;
    const std::string d = write_idx_dir(dir);
    auto bytes = cli_images(20);
    test::drop_tail(bytes, 16 * 3 + 5);  // 16 whole images and 11 bytes of the 17th
    write_bytes(d + "/train-images-idx3-ubyte", bytes, false);
    CliRun r = axon_cli(dir, "train --data idx:" + d + kOutputs);
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(contains(r.err, "train-images-idx3-ubyte' is truncated: header says 20 items, file holds 16")) << r.err;
    EXPECT_TRUE(nothing_written(dir, {"m.axon", "m.json", "c.axon"}));
}

TEST(Cli, WrongIdxMagicNumberIsRejected) {
    TempDir dir;
    const std::string d = write_idx_dir(dir);
    write_bytes(d + "/t10k-labels-idx1-ubyte", cli_labels(10, 0x00000803), false);  // an image magic on labels
    CliRun r = axon_cli(dir, "train --data idx:" + d + kOutputs);
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(contains(r.err, "t10k-labels-idx1-ubyte")) << r.err;
    EXPECT_TRUE(contains(r.err, "magic")) << r.err;
    EXPECT_TRUE(contains(r.err, "0x00000803")) << r.err;
    EXPECT_TRUE(nothing_written(dir, {"m.axon", "m.json", "c.axon"}));
}

TEST(Cli, IdxLabelOutOfRangeIsRejected) {
    TempDir dir;
    const std::string d = write_idx_dir(dir);
    auto bytes = cli_labels(20);
    bytes[8 + 13] = 12;  // label of item 13
    write_bytes(d + "/train-labels-idx1-ubyte", bytes, false);
    CliRun r = axon_cli(dir, "train --data idx:" + d + kOutputs);
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(contains(r.err, "train-labels-idx1-ubyte")) << r.err;
    EXPECT_TRUE(contains(r.err, "13")) << r.err;
    EXPECT_TRUE(contains(r.err, "12")) << r.err;
    EXPECT_TRUE(nothing_written(dir, {"m.axon", "m.json", "c.axon"}));
}

TEST(Cli, RaggedCsvIsRejected) {
    TempDir dir;
    write_file(dir.file("ragged.csv"), "x1,x2,label\n0.5,1.0,0\n1.5,2.0,1\n2.5,1\n3.0,1.0,0\n");
    CliRun r = axon_cli(dir, "train --data csv:ragged.csv" + kOutputs);
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(contains(r.err, "'ragged.csv' line 4 has 2 columns, expected 3")) << r.err;
    EXPECT_TRUE(nothing_written(dir, {"m.axon", "m.json", "c.axon"}));
}

TEST(Cli, NonNumericCsvCellIsRejected) {
    TempDir dir;
    write_file(dir.file("words.csv"), "x1,x2,label\n0.5,1.0,0\n1.5,two,1\n");
    CliRun r = axon_cli(dir, "train --data csv:words.csv" + kOutputs);
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(contains(r.err, "'words.csv' line 3 column 2: 'two' is not a number")) << r.err;
    EXPECT_TRUE(nothing_written(dir, {"m.axon", "m.json", "c.axon"}));
}

TEST(Cli, CorruptedModelFileIsRejectedByEvalAndInfo) {
    TempDir dir;
    ASSERT_EQ(axon_cli(dir, "train --data synthetic:xor:n=40 --layers 4 --epochs 1 --quiet --out m.axon").code, 0);
    std::string bytes = read_all(dir.file("m.axon"));
    ASSERT_GT(bytes.size(), 100u);
    bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x01);  // one bit in the payload
    write_file(dir.file("bad.axon"), bytes);
    for (const std::string command : {"eval bad.axon --data synthetic:xor:n=40 --metrics-json e.json", "info bad.axon",
                                      "export bad.axon --out w.safetensors"}) {
        CliRun r = axon_cli(dir, command);
        EXPECT_EQ(r.code, 1) << command;
        EXPECT_TRUE(contains(r.err, "'bad.axon' is corrupted (checksum mismatch)")) << command;
        EXPECT_EQ(r.out, "") << command;
    }
    // truncated: the header promises more payload than the file holds
    write_file(dir.file("short.axon"), bytes.substr(0, bytes.size() - 7));
    CliRun r = axon_cli(dir, "info short.axon");
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(contains(r.err, "short.axon")) << r.err;
    EXPECT_TRUE(nothing_written(dir, {"e.json", "w.safetensors"}));
}

TEST(Cli, DivergingRunStopsWithAdviceAndWritesNothing) {
    TempDir dir;
    CliRun r = axon_cli(dir, "train --data synthetic:gaussian_mixture --layers 50 --lr 1e6 --epochs 5 --quiet "
                          "--out m.axon --metrics-json m.json --history-csv h.csv");
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(contains(r.err, "training diverged at epoch ")) << r.err;
    EXPECT_TRUE(contains(r.err, ", step ")) << r.err;
    EXPECT_TRUE(contains(r.err, "try a lower learning rate")) << r.err;
    EXPECT_TRUE(nothing_written(dir, {"m.axon", "m.json", "h.csv"}));
}

TEST(Cli, ConfigurationErrorsExitWithTwo) {
    TempDir dir;
    CliRun r = axon_cli(dir, "train --data synthetic:no_such_set" + kOutputs);
    EXPECT_EQ(r.code, 2);
    EXPECT_TRUE(contains(r.err, "'no_such_set'")) << r.err;
    r = axon_cli(dir, "train --data synthetic:xor --arch '4, frob, 2'" + kOutputs);
    EXPECT_EQ(r.code, 2);
    EXPECT_TRUE(contains(r.err, "'frob'")) << r.err;
    r = axon_cli(dir, "train --data synthetic:xor --optimizer adamx" + kOutputs);
    EXPECT_EQ(r.code, 2);
    EXPECT_TRUE(contains(r.err, "adamx")) << r.err;
    r = axon_cli(dir, "train --data synthetic:xor --epochs 0 --quiet --out m.axon");
    EXPECT_EQ(r.code, 2);
    EXPECT_TRUE(contains(r.err, "--epochs: must be > 0 (got 0)")) << r.err;
    r = axon_cli(dir, "train --data synthetic:xor --batch-size -3 --quiet --out m.axon");
    EXPECT_EQ(r.code, 2);
    EXPECT_TRUE(contains(r.err, "--batch-size: must be ≥ 0 (got -3)")) << r.err;
    r = axon_cli(dir, "train --data synthetic:xor --lr fast --quiet --out m.axon");
    EXPECT_EQ(r.code, 2);
    EXPECT_TRUE(contains(r.err, "--lr")) << r.err;
    EXPECT_TRUE(contains(r.err, "fast")) << r.err;
    EXPECT_TRUE(nothing_written(dir, {"m.axon", "m.json", "c.axon"}));
}

double json_number(const std::string& path, const std::string& key) {
    return nlohmann::json::parse(read_all(path)).at(key).get<double>();
}

// A data spec with no test split of its own: train holds out a seeded 20%, and eval on the same spec
// must evaluate that same hold-out. A spec with a test split (IDX) uses the test split in both.
TEST(Cli, SavedModelEvaluatesToTheAccuracyTrainingReported) {
    TempDir dir;
    const std::string idx = write_idx_dir(dir);
    const std::pair<std::string, std::string> runs[] = {
        {"synthetic:spirals:n=300,seed=3", " --arch '16, relu, dropout(0.2), 2' --batch-size 32"},
        {"idx:" + idx, " --layers 16 --batch-size 8"}};
    for (const auto& [data, model] : runs) {
        CliRun r = axon_cli(dir, "train --data " + data + model +
                                  " --epochs 5 --seed 4 --standardize --quiet --out m.axon --metrics-json m.json");
        ASSERT_EQ(r.code, 0) << r.err;
        CliRun e = axon_cli(dir, "eval m.axon --data " + data + " --metrics-json e.json");
        ASSERT_EQ(e.code, 0) << e.err;
        EXPECT_EQ(json_number(dir.file("e.json"), "test_accuracy"), json_number(dir.file("m.json"), "test_accuracy"))
            << data;
        EXPECT_EQ(json_number(dir.file("e.json"), "test_loss"), json_number(dir.file("m.json"), "test_loss")) << data;
    }
    // the spirals are 300 points: the hold-out is 60
    CliRun r = axon_cli(dir, "train --data synthetic:spirals:n=300 --arch '16, relu, 2' --epochs 1 --quiet --out s.axon");
    ASSERT_EQ(r.code, 0) << r.err;
    ASSERT_EQ(axon_cli(dir, "eval s.axon --data synthetic:spirals:n=300 --metrics-json e.json").code, 0);
    EXPECT_EQ(json_number(dir.file("e.json"), "samples"), 60);
    // info: the architecture and the parameter count, 2·16 + 16 + 16·2 + 2 = 82
    CliRun info = axon_cli(dir, "info s.axon");
    ASSERT_EQ(info.code, 0) << info.err;
    EXPECT_TRUE(contains(info.out, "architecture: 2 → 16, relu, 2"));
    EXPECT_TRUE(contains(info.out, "parameters: 82\n"));
    EXPECT_TRUE(contains(info.out, "0.weight"));
    EXPECT_TRUE(contains(info.out, "\"optimizer\":\"sgd\""));
}

// The tensor bytes of a model file's weights, through `axon export` (the safetensors file holds the
// tensors and the architecture, nothing that depends on the run's history).
std::string exported_weights(const TempDir& dir, const std::string& model) {
    CliRun r = axon_cli(dir, "export " + model + " --out " + model + ".safetensors");
    EXPECT_EQ(r.code, 0) << r.err;
    return read_all(dir.file(model + ".safetensors"));
}

// 4 epochs in one go equal 2 epochs, a resume, and 2 more, bit for bit. Shuffling, dropout (RNG state)
// and the optimiser's moments all carry across the checkpoint.
TEST(Cli, ResumedRunEndsWithIdenticalWeights) {
    TempDir dir;
    const std::string common = " --data synthetic:spirals:n=200,seed=5 --arch '24, relu, dropout(0.3), 24, tanh, 2'"
                               " --batch-size 16 --seed 11 --threads 1 --quiet";
    for (const std::string optimizer : {"--optimizer adam --lr 0.01", "--optimizer sgd --lr 0.05 --momentum 0.9"}) {
        SCOPED_TRACE(optimizer);
        std::filesystem::remove(dir.file("whole.axon"));
        std::filesystem::remove(dir.file("part.axon"));
        ASSERT_EQ(axon_cli(dir, "train" + common + " " + optimizer + " --epochs 4 --checkpoint whole.axon").code, 0);
        CliRun r = axon_cli(dir, "train" + common + " " + optimizer + " --epochs 2 --checkpoint part.axon");
        ASSERT_EQ(r.code, 0) << r.err;
        const std::string after_two = exported_weights(dir, "part.axon");
        r = axon_cli(dir, "train --resume part.axon --epochs 4 --threads 1 --quiet --checkpoint part.axon");
        ASSERT_EQ(r.code, 0) << r.err;
        const std::string whole = exported_weights(dir, "whole.axon"), resumed = exported_weights(dir, "part.axon");
        EXPECT_NE(after_two, whole);  // the last two epochs did change the weights
        EXPECT_TRUE(resumed == whole) << "resumed weights differ from the uninterrupted run's";
        // and the checkpoints agree on the optimiser state too
        ModelFile a = load_model_file(dir.file("whole.axon")), b = load_model_file(dir.file("part.axon"));
        ASSERT_EQ(a.optimizer_state.size(), b.optimizer_state.size());
        for (std::size_t i = 0; i < a.optimizer_state.size(); ++i) {
            const Tensor& x = a.optimizer_state[i].tensor;
            const Tensor& y = b.optimizer_state[i].tensor;
            EXPECT_EQ(a.optimizer_state[i].name, b.optimizer_state[i].name);
            EXPECT_EQ(x.shape(), y.shape());
            EXPECT_EQ(x.to_vector(), y.to_vector()) << a.optimizer_state[i].name;  // exact, element by element
        }
        EXPECT_EQ(a.info.at("step"), b.info.at("step"));
        EXPECT_EQ(a.info.at("rng"), b.info.at("rng"));
        EXPECT_EQ(a.info.at("shuffle_rng"), b.info.at("shuffle_rng"));
    }
}

TEST(Cli, ResumeNeedsACheckpointAndMoreEpochs) {
    TempDir dir;
    ASSERT_EQ(axon_cli(dir, "train --data synthetic:xor:n=40 --layers 4 --epochs 2 --quiet --out m.axon "
                            "--checkpoint c.axon").code,
              0);
    CliRun r = axon_cli(dir, "train --resume m.axon --epochs 4 --quiet");
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(contains(r.err, "'m.axon' is a model, not a checkpoint")) << r.err;
    r = axon_cli(dir, "train --resume c.axon --epochs 2 --quiet");
    EXPECT_EQ(r.code, 2);
    EXPECT_TRUE(contains(r.err, "at epoch 2")) << r.err;
}

}  // namespace
}  // namespace axon
