// The run report from the command line: the run directory that `axon train --report DIR` writes and
// `axon report DIR` redraws, and the live server behind `axon train --serve`.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "axon/io/model_file.hpp"
#include "serve/server_module.hpp"

namespace axon::cli {

// Writes DIR/run.json, DIR/model.axon and DIR/report.html, each atomically (temp file + rename),
// creating DIR when needed. Throws IoError when it cannot.
void write_run_directory(const std::string& dir, const nlohmann::json& run, const ModelFile& model);

// Serves the live report on 127.0.0.1:port from a thread of its own: "/" is the page (which polls
// "/run.json" every 2 s), "/run.json" the latest run published. Stops in stop() or the destructor.
// The server itself is the module axon_serve.so (serve/server_module.hpp).
class LiveServer {
public:
    // Opens the module, binds the port (localhost only) and starts serving. Throws IoError when the
    // module cannot be loaded or the port is taken.
    explicit LiveServer(int port);
    ~LiveServer();
    LiveServer(const LiveServer&) = delete;
    LiveServer& operator=(const LiveServer&) = delete;

    void publish(const nlohmann::json& run);  // what the next request sees
    std::string url() const;
    void stop();  // returns once the server thread has ended
    void wait();  // blocks until the server is stopped (by a signal ending the process)

private:
    const ServerModule* module_;
    ReportServer* server_;
    int port_;
};

}  // namespace axon::cli
