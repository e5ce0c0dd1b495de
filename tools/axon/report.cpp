// axon report RUN_DIR: redraws RUN_DIR/report.html from RUN_DIR/run.json and RUN_DIR/model.axon.
// Also the run directory writer and the live server used by axon train --report / --serve.
#include <filesystem>

#include <httplib.h>

#include "axon/error.hpp"
#include "axon/io/safetensors.hpp"
#include "axon/report/report.hpp"
#include "commands.hpp"
#include "report_cli.hpp"

namespace axon::cli {

void write_run_directory(const std::string& dir, const nlohmann::json& run, const ModelFile& model) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw IoError(fmt::format("report: cannot create the run directory '{}' ({})", dir, ec.message()));
    const std::filesystem::path root(dir);
    write_file_atomically(root / "run.json", run.dump(1) + "\n", "report");
    save_model_file(root / "model.axon", model);
    write_file_atomically(root / "report.html", report::report_html(run), "report");
}

LiveServer::LiveServer(int port) : server_(std::make_unique<httplib::Server>()), port_(port) {
    server_->Get("/", [this](const httplib::Request&, httplib::Response& res) {
        std::lock_guard lock(mutex_);
        res.set_content(page_, "text/html; charset=utf-8");
    });
    server_->Get("/run.json", [this](const httplib::Request&, httplib::Response& res) {
        std::lock_guard lock(mutex_);
        res.set_header("Cache-Control", "no-store");
        res.set_content(run_text_, "application/json");
    });
    if (!server_->bind_to_port("127.0.0.1", port_))
        throw IoError(fmt::format("train: cannot serve the report on 127.0.0.1:{} (is the port taken? try --serve PORT)",
                                  port_));
    thread_ = std::thread([this] { server_->listen_after_bind(); });
}

LiveServer::~LiveServer() { stop(); }

void LiveServer::publish(const nlohmann::json& run) {
    std::string text = run.dump();
    std::string page = report::report_html(run, /*live=*/true);
    std::lock_guard lock(mutex_);
    run_text_ = std::move(text);
    page_ = std::move(page);
}

std::string LiveServer::url() const { return fmt::format("http://127.0.0.1:{}/", port_); }

void LiveServer::stop() {
    if (!thread_.joinable()) return;
    server_->stop();
    thread_.join();
}

void LiveServer::wait() {
    if (thread_.joinable()) thread_.join();
}

namespace {

void run_report(const std::string& dir, const std::string& out) {
    const std::filesystem::path root(dir);
    if (!std::filesystem::is_directory(root))
        throw IoError(fmt::format("report: '{}' is not a directory (give the DIR of axon train --report DIR)", dir));
    nlohmann::json run = report::read_run_json(root / "run.json");
    const std::filesystem::path model_path = root / "model.axon";
    if (!std::filesystem::exists(model_path))
        throw IoError(fmt::format("report: '{}' is missing (the run directory holds run.json and model.axon)",
                                  model_path.string()));
    const ModelFile model = load_model_file(model_path);
    const std::string arch = run.value("architecture", std::string());
    if (!arch.empty() && model.architecture != arch)
        throw IoError(fmt::format("report: '{}' is a '{}' model, run.json describes '{}'", model_path.string(),
                                  model.architecture, arch));
    const std::string path = out.empty() ? (root / "report.html").string() : out;
    write_file_atomically(path, report::report_html(run), "report");
    std::printf("report written to %s\n", path.c_str());
}

}  // namespace

void add_report(CLI::App& app) {
    auto dir = std::make_shared<std::string>();
    auto out = std::make_shared<std::string>();
    CLI::App* cmd = app.add_subcommand("report", "redraw a run's report.html from its run directory (axon train --report DIR)");
    cmd->add_option("RUN_DIR", *dir, "the run directory: run.json and model.axon")->required();
    cmd->add_option("--out", *out, "write the page here instead of RUN_DIR/report.html");
    cmd->callback([dir, out] { run_report(*dir, *out); });
}

}  // namespace axon::cli
