// axon_serve.so: the live report served by cpp-httplib (see server_module.hpp).
#include <httplib.h>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <thread>

#include "detail/module_loader.hpp"
#include "serve/server_module.hpp"

namespace axon::cli {

struct ReportServer {
    httplib::Server http;
    std::thread thread;
    std::mutex mutex;
    std::string page, run_json;
};

namespace {

ReportServer* start(int port, std::string& error) noexcept try {
    auto server = std::make_unique<ReportServer>();
    ReportServer* s = server.get();
    s->http.Get("/", [s](const httplib::Request&, httplib::Response& res) {
        std::lock_guard lock(s->mutex);
        res.set_content(s->page, "text/html; charset=utf-8");
    });
    s->http.Get("/run.json", [s](const httplib::Request&, httplib::Response& res) {
        std::lock_guard lock(s->mutex);
        res.set_header("Cache-Control", "no-store");
        res.set_content(s->run_json, "application/json");
    });
    errno = 0;
    if (!s->http.bind_to_port("127.0.0.1", port)) {
        error = errno != 0 ? std::strerror(errno) : "cannot bind to it";  // "Address already in use"
        return nullptr;
    }
    s->thread = std::thread([s] { s->http.listen_after_bind(); });
    return server.release();
} catch (const std::exception& e) {
    error = e.what();
    return nullptr;
}

void publish(ReportServer* server, std::string&& page, std::string&& run_json) noexcept {
    std::lock_guard lock(server->mutex);
    server->page = std::move(page);
    server->run_json = std::move(run_json);
}

void stop(ReportServer* server) noexcept {
    if (!server->thread.joinable()) return;
    server->http.stop();
    server->thread.join();
}

void wait(ReportServer* server) noexcept {
    if (server->thread.joinable()) server->thread.join();
}

void destroy(ReportServer* server) noexcept {
    stop(server);
    delete server;
}

const ServerModule kServerModuleTable{start, publish, stop, wait, destroy};

}  // namespace

}  // namespace axon::cli

extern "C" {

[[gnu::visibility("default")]] const char* axon_module_build() { return axon::detail::kModuleBuild; }

[[gnu::visibility("default")]] const void* axon_report_server_v1() { return &axon::cli::kServerModuleTable; }

}
