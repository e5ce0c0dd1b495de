// axon train --serve: the live report is served on localhost while training, and the server stops
// when training ends (unless --serve-wait). The client is a plain socket, as a browser would connect.
#include <gtest/gtest.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "io/io_test_util.hpp"
#include "support/cli_run.hpp"

extern char** environ;

namespace {

// A socket bound to 127.0.0.1 on a port the kernel picks (port 0), which `port` receives; -1 when
// it cannot be bound.
int bound_loopback_socket(int& port) {
    const int s = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    if (::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        ::close(s);
        return -1;
    }
    socklen_t len = sizeof a;
    ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len);
    port = ntohs(a.sin_port);
    return s;
}

// A port nobody listens on now.
int free_port() {
    int port = 0;
    ::close(bound_loopback_socket(port));
    return port;
}

// GET path from 127.0.0.1:port; "" when nothing answers. Returns the body only.
std::string http_get(int port, const std::string& path) {
    const int s = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    if (::connect(s, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        ::close(s);
        return "";
    }
    const std::string request = "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
    if (::send(s, request.data(), request.size(), 0) < 0) {
        ::close(s);
        return "";
    }
    std::string response;
    char buffer[65536];
    for (ssize_t n; (n = ::recv(s, buffer, sizeof buffer, 0)) > 0;) response.append(buffer, static_cast<std::size_t>(n));
    ::close(s);
    const std::size_t body = response.find("\r\n\r\n");
    return body == std::string::npos ? "" : response.substr(body + 4);
}

pid_t spawn_axon(const std::vector<std::string>& args) {
    std::vector<std::string> all = {AXON_CLI_PATH};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = -1;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    return pid;
}

// Waits up to `seconds` for the process to exit; its exit code, or -1 if it is still running.
int wait_exit(pid_t pid, double seconds) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < end) {
        int status = 0;
        if (::waitpid(pid, &status, WNOHANG) == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return -1;
}

const std::vector<std::string> kRun = {"train", "--data", "synthetic:gaussian_mixture", "--layers", "8",
                                       "--epochs", "5", "--quiet", "--serve"};

TEST(ReportServe, ServesRunJsonAndThePageThenKeepsServingWithServeWait) {
    const int port = free_port();
    std::vector<std::string> args = kRun;
    args.push_back(std::to_string(port));
    args.push_back("--serve-wait");
    const pid_t pid = spawn_axon(args);
    ASSERT_GT(pid, 0);
    nlohmann::json run;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
        const std::string text = http_get(port, "/run.json");
        if (!text.empty()) {
            run = nlohmann::json::parse(text);
            if (run["status"] == "finished") break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    const std::string page = http_get(port, "/");
    ::kill(pid, SIGTERM);
    ::waitpid(pid, nullptr, 0);
    ASSERT_TRUE(run.is_object()) << "nothing answered on port " << port;
    EXPECT_EQ(run["format"], "axon-run");
    EXPECT_EQ(run["status"], "finished");
    EXPECT_EQ(run["history"]["epochs"].size(), 5u);
    EXPECT_TRUE(run.contains("boundary"));
    EXPECT_NE(page.find("<!doctype html>"), std::string::npos);
    EXPECT_NE(page.find("const LIVE = true;"), std::string::npos) << "the served page polls /run.json";
}

TEST(ReportServe, ServerStopsWhenTrainingEnds) {
    const int port = free_port();
    std::vector<std::string> args = kRun;
    args.push_back(std::to_string(port));
    const pid_t pid = spawn_axon(args);
    ASSERT_GT(pid, 0);
    const int code = wait_exit(pid, 60);
    if (code == -1) {
        ::kill(pid, SIGKILL);
        ::waitpid(pid, nullptr, 0);
    }
    EXPECT_EQ(code, 0) << "axon train --serve must exit by itself once training ends";
    EXPECT_EQ(http_get(port, "/run.json"), "") << "nothing listens after the run";
}

TEST(ReportServe, TakenPortIsAClearErrorAndNothingIsTrained) {
    int port = 0;
    const int s = bound_loopback_socket(port);
    ASSERT_GE(s, 0) << "cannot bind a socket on 127.0.0.1";
    ASSERT_EQ(::listen(s, 1), 0);
    axon::test::TempDir dir;
    const auto run = axon::test::axon_cli(dir, "train --data synthetic:gaussian_mixture --layers 8 --epochs 1 --quiet --out m.axon "
                                               "--serve " + std::to_string(port));
    ::close(s);
    EXPECT_EQ(run.code, 1);
    EXPECT_NE(run.err.find("cannot serve the report on 127.0.0.1:" + std::to_string(port) + " (Address already in use)"),
              std::string::npos)
        << run.err;
    EXPECT_FALSE(std::filesystem::exists(dir.file("m.axon")));
}

}  // namespace
