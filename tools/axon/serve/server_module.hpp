// The live report's HTTP server as a module of its own, axon_serve.so, which `axon train --serve`
// opens (src/detail/module_loader.hpp). cpp-httplib links OpenSSL and brotli: loading them cost
// ~8 ms of every axon start when the server was part of the program.
//
// The server hands out two strings, the page and the run's JSON, each replaced whole by publish().
// No exception crosses the table: start() reports a failure in `error`.
#pragma once

#include <string>

namespace axon::cli {

struct ReportServer;  // the module's own

struct ServerModule {
    // Binds 127.0.0.1:port and serves from a thread of its own: "/" is the page, "/run.json" the run.
    // nullptr, with the reason in `error`, when the port cannot be bound.
    ReportServer* (*start)(int port, std::string& error) noexcept;
    // What the next request sees.
    void (*publish)(ReportServer* server, std::string&& page, std::string&& run_json) noexcept;
    // Stops serving; returns once the server thread has ended. Idempotent.
    void (*stop)(ReportServer* server) noexcept;
    // Blocks until the server is stopped (by a signal ending the process).
    void (*wait)(ReportServer* server) noexcept;
    // Stops and frees the server.
    void (*destroy)(ReportServer* server) noexcept;
};

inline constexpr const char* kServerModule = "axon_serve";
inline constexpr const char* kServerEntry = "axon_report_server_v1";

}  // namespace axon::cli
