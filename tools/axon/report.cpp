// axon report RUN_DIR: redraws RUN_DIR/report.html from RUN_DIR/run.json and RUN_DIR/model.axon.
// Also the run directory writer and the live server used by axon train --report / --serve.
#include <filesystem>

#include "axon/error.hpp"
#include "axon/io/safetensors.hpp"
#include "axon/report/report.hpp"
#include "commands.hpp"
#include "detail/module_loader.hpp"
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

LiveServer::LiveServer(int port)
    : module_(static_cast<const ServerModule*>(detail::load_module_table(kServerModule, kServerEntry, "train --serve"))),
      server_(nullptr),
      port_(port) {
    std::string error;
    server_ = module_->start(port_, error);
    if (server_ == nullptr)
        throw IoError(fmt::format("train: cannot serve the report on 127.0.0.1:{} ({}); choose another port with --serve PORT",
                                  port_, error));
}

LiveServer::~LiveServer() { module_->destroy(server_); }

void LiveServer::publish(const nlohmann::json& run) {
    module_->publish(server_, report::report_html(run, /*live=*/true), run.dump());
}

std::string LiveServer::url() const { return fmt::format("http://127.0.0.1:{}/", port_); }

void LiveServer::stop() { module_->stop(server_); }

void LiveServer::wait() { module_->wait(server_); }

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
