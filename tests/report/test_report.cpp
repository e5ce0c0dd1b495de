// The run report's data and page: run.json from a model whose predictions are known by construction,
// the page's embedding (ECharts inline, JSON that cannot close its script element), History's JSON
// round trip, and `axon report` on missing or malformed run directories.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "axon/error.hpp"
#include "axon/layers/architecture.hpp"
#include "axon/report/report.hpp"
#include "io/io_test_util.hpp"
#include "support/cli_run.hpp"

namespace axon {
namespace {

using test::TempDir;
using test::write_file;

// Linear(D → 2) with class = argmax(x₀, x₁) for D = 2: weight = identity, bias = 0.
std::shared_ptr<Sequential> argmax_model(std::int64_t in_features) {
    Generator gen(0);
    auto model = build_architecture("2", in_features, gen);
    auto params = model->named_parameters();
    float* w = params[0].tensor.data<float>();
    for (std::int64_t i = 0; i < 2 * in_features; ++i) w[i] = 0;
    w[0] = 1;                // output 0 reads feature 0
    w[in_features + 1] = 1;  // output 1 reads feature 1
    params[1].tensor.data<float>()[0] = params[1].tensor.data<float>()[1] = 0;
    return model;
}

TEST(ReportRunJson, ConfusionAndBoundaryFollowTheModel) {
    // Predicted class = 1 exactly when x₁ > x₀. Labels: two right, one wrong per class.
    const std::vector<float> x = {2, 0, 3, 1, 0, 1,    // predicted 0, 0, 1
                                  0, 2, 1, 3, 2, 1};   // predicted 1, 1, 0
    const Dataset test = Dataset::classification(x, 2, {0, 0, 0, 1, 1, 1}, 2, "six points");
    auto model = argmax_model(2);
    report::RunInfo info;
    info.title = "t";
    info.architecture = "2";
    report::ReportOptions options;
    options.boundary_resolution = 20;
    const nlohmann::json run = report::run_json(info, *model, test, options);
    EXPECT_TRUE(model->training()) << "the model's mode is restored";
    EXPECT_EQ(run["format"], "axon-run");
    EXPECT_EQ(run["parameters"], 6);
    EXPECT_EQ(run["confusion"]["matrix"], nlohmann::json({{2, 1}, {1, 2}}));
    EXPECT_FALSE(run.contains("images")) << "2-feature rows are not images";

    const auto& b = run["boundary"];
    ASSERT_EQ(b["grid"].size(), 400u);
    EXPECT_LT(b["x_min"].get<double>(), 0.0);
    EXPECT_GT(b["x_max"].get<double>(), 3.0);
    const double dx = (b["x_max"].get<double>() - b["x_min"].get<double>()) / 20;
    const double dy = (b["y_max"].get<double>() - b["y_min"].get<double>()) / 20;
    int wrong = 0;
    for (int row = 0; row < 20; ++row)
        for (int col = 0; col < 20; ++col) {
            const double cx = b["x_min"].get<double>() + (col + 0.5) * dx, cy = b["y_min"].get<double>() + (row + 0.5) * dy;
            wrong += b["grid"][static_cast<std::size_t>(row * 20 + col)].get<int>() != (cy > cx ? 1 : 0);
        }
    EXPECT_EQ(wrong, 0);
    EXPECT_EQ(b["points"].size(), 6u);
    EXPECT_EQ(b["points"][3], nlohmann::json({0.0, 2.0, 1}));

    const auto& net = run["network"];
    ASSERT_EQ(net["layers"].size(), 2u);
    EXPECT_EQ(net["layers"][0]["units"], 2);
    EXPECT_EQ(net["weights"][0], nlohmann::json({{1.0, 0.0}, {0.0, 1.0}}));
}

TEST(ReportRunJson, ImagesShowMisclassifiedFirstWithTheirPixels) {
    // 2×2 images; the model predicts argmax(pixel 0, pixel 1). Rows 1 and 3 are misclassified.
    const std::vector<std::uint8_t> bytes = {200, 10, 7, 7,  200, 10, 8, 8,  10, 200, 9, 9,  10, 200, 6, 6};
    Dataset test = Dataset::from_bytes(bytes, 4, 1.0f / 255, {0, 1, 1, 0}, 2, "images");
    test.set_sample_shape({2, 2});
    auto model = argmax_model(4);
    report::ReportOptions options;
    options.max_images = 3;
    options.max_units_per_layer = 3;
    const nlohmann::json run = report::run_json({}, *model, test, options);
    const auto& im = run["images"];
    EXPECT_EQ(im["height"], 2);
    ASSERT_EQ(im["items"].size(), 3u);
    EXPECT_EQ(im["items"][0]["pixels"], nlohmann::json({200, 10, 8, 8}));  // row 1: true 1, predicted 0
    EXPECT_EQ(im["items"][0]["predicted"], 0);
    EXPECT_EQ(im["items"][1]["pixels"], nlohmann::json({10, 200, 6, 6}));  // row 3
    EXPECT_EQ(im["items"][2]["pixels"], nlohmann::json({200, 10, 7, 7}));  // then the right ones, in order
    EXPECT_EQ(run["network"]["layers"][0]["shown"], 3);
    EXPECT_EQ(run["network"]["weights"][0][0].size(), 3u);
    EXPECT_FALSE(run.contains("boundary"));
}

TEST(ReportHtml, InlinesEChartsAndEmbedsTheRunSafely) {
    nlohmann::json run = {{"format", "axon-run"}, {"title", "</script><script>alert(1)</script><!--"},
                          {"history", {{"metric", "accuracy"}, {"epochs", nlohmann::json::array()}}}};
    const std::string page = report::report_html(run);
    EXPECT_NE(page.find("Apache Software Foundation"), std::string::npos) << "ECharts' licence header is inlined";
    EXPECT_EQ(page.find("<script src"), std::string::npos);
    EXPECT_EQ(page.find("/*AXON_"), std::string::npos) << "every slot is filled";
    EXPECT_NE(page.find("const LIVE = false;"), std::string::npos);
    EXPECT_NE(report::report_html(run, true).find("const LIVE = true;"), std::string::npos);
    // The data element holds JSON that parses back to the run, with no '<' in it at all.
    const std::string open = "<script type=\"application/json\" id=\"run-data\">";
    const std::size_t begin = page.find(open) + open.size(), end = page.find("</script>", begin);
    ASSERT_NE(end, std::string::npos);
    const std::string data = page.substr(begin, end - begin);
    EXPECT_EQ(data.find('<'), std::string::npos);
    EXPECT_EQ(nlohmann::json::parse(data), run);
}

TEST(ReportHistory, JsonRoundTripKeepsNormsAndUnmeasuredValues) {
    History h;
    h.metric_name = "r2";
    h.stopped_early = true;
    h.stop_reason = "patience";
    EpochRecord e;
    e.epoch = 3;
    e.train_loss = 0.5;
    e.train_accuracy = 0.25;
    e.val_loss = e.val_accuracy = NAN;
    e.learning_rate = 0.1;
    e.norms = {{"0.weight", 2.5, 0.125}, {"0.bias", 0.5, 0.0625}};
    h.epochs.push_back(e);
    const History back = History::from_json(h.to_json());
    EXPECT_EQ(back.metric_name, "r2");
    EXPECT_TRUE(back.stopped_early);
    EXPECT_EQ(back.stop_reason, "patience");
    ASSERT_EQ(back.epochs.size(), 1u);
    EXPECT_EQ(back.epochs[0].epoch, 3);
    EXPECT_DOUBLE_EQ(back.epochs[0].train_accuracy, 0.25);
    EXPECT_TRUE(std::isnan(back.epochs[0].val_loss));
    ASSERT_EQ(back.epochs[0].norms.size(), 2u);
    EXPECT_EQ(back.epochs[0].norms[1].name, "0.bias");
    EXPECT_DOUBLE_EQ(back.epochs[0].norms[0].grad_norm, 0.125);
    EXPECT_THROW(History::from_json("{\"metric\": \"accuracy\", \"epochs\": [{\"epoch\": 1}]}"), IoError);
    EXPECT_THROW(History::from_json("not json"), IoError);
}

TEST(ReportReadRunJson, RejectsMissingMalformedAndForeignFiles) {
    TempDir dir;
    auto message = [](const std::string& path) {
        try {
            report::read_run_json(path);
        } catch (const IoError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_NE(message(dir.file("run.json")).find("does not exist"), std::string::npos);
    write_file(dir.file("bad.json"), "{\"format\": ");
    EXPECT_NE(message(dir.file("bad.json")).find("not valid JSON"), std::string::npos);
    write_file(dir.file("other.json"), "{\"epochs\": []}");
    EXPECT_NE(message(dir.file("other.json")).find("not an axon run"), std::string::npos);
    write_file(dir.file("nohistory.json"), "{\"format\": \"axon-run\"}");
    EXPECT_NE(message(dir.file("nohistory.json")).find("no training history"), std::string::npos);
}

using test::CliRun;
CliRun axon(const TempDir& dir, const std::string& args) { return test::axon_cli(dir, args); }

TEST(ReportCli, TrainWritesTheRunDirectoryAndReportRedrawsIt) {
    TempDir dir;
    CliRun r = axon(dir, "train --data synthetic:gaussian_mixture --layers 8 --epochs 3 --quiet --report run");
    ASSERT_EQ(r.code, 0) << r.err;
    for (const char* f : {"run/run.json", "run/model.axon", "run/report.html"})
        EXPECT_TRUE(std::filesystem::exists(dir.file(f))) << f;
    const nlohmann::json run = report::read_run_json(dir.file("run/run.json"));
    EXPECT_EQ(run["status"], "finished");
    ASSERT_EQ(run["history"]["epochs"].size(), 3u);
    EXPECT_EQ(run["history"]["epochs"][0]["norms"].size(), 4u) << "--report tracks the norms";
    EXPECT_TRUE(run["metrics"].contains("test_accuracy"));
    std::filesystem::remove(dir.file("run/report.html"));
    r = axon(dir, "report run");
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(std::filesystem::exists(dir.file("run/report.html")));

    std::filesystem::remove(dir.file("run/model.axon"));
    r = axon(dir, "report run");
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("model.axon' is missing"), std::string::npos) << r.err;
    write_file(dir.file("run/run.json"), "[1, 2");
    r = axon(dir, "report run");
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("not valid JSON"), std::string::npos) << r.err;
    r = axon(dir, "report nowhere");
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("not a directory"), std::string::npos) << r.err;
    r = axon(dir, "train --data synthetic:xor --epochs 1 --quiet --serve 70000");
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("port in 1..65535"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace axon
