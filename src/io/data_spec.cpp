#include "axon/io/data_spec.hpp"

#include <charconv>
#include <filesystem>

#include "axon/error.hpp"
#include "axon/io/csv.hpp"
#include "axon/io/idx.hpp"
#include "axon/io/synthetic.hpp"

namespace axon {

namespace {

constexpr const char* kForms =
    "mnist:DIR, idx:DIR, fashion-mnist, csv:FILE[:label=COLUMN], synthetic:NAME[:n=N,noise=S,seed=K]";

[[noreturn]] void malformed(const std::string& spec, const std::string& why) {
    throw ConfigError(fmt::format("data: '{}' {} (forms: {})", spec, why, kForms));
}

template <class T>
T parse_number(const std::string& spec, const std::string& key, const std::string& text) {
    T v{};
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size())
        malformed(spec, fmt::format("has {}='{}', which is not a number", key, text));
    return v;
}

DataSource load_synthetic(const std::string& spec, const std::string& rest) {
    std::string name = rest.substr(0, rest.find(':'));
    std::int64_t n = 0;
    double noise = -1.0;
    std::uint64_t seed = 0;
    if (auto colon = rest.find(':'); colon != std::string::npos) {
        std::string params = rest.substr(colon + 1);
        std::size_t start = 0;
        while (start <= params.size()) {
            std::size_t comma = params.find(',', start);
            std::string item = params.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
            auto eq = item.find('=');
            if (eq == std::string::npos) malformed(spec, fmt::format("has '{}' where KEY=VALUE was expected", item));
            std::string key = item.substr(0, eq), value = item.substr(eq + 1);
            if (key == "n") n = parse_number<std::int64_t>(spec, key, value);
            else if (key == "noise") noise = parse_number<double>(spec, key, value);
            else if (key == "seed") seed = parse_number<std::uint64_t>(spec, key, value);
            else malformed(spec, fmt::format("has an unknown parameter '{}' (known: n, noise, seed)", key));
            if (comma == std::string::npos) break;
            start = comma + 1;
        }
    }
    return {make_synthetic(name, n, noise, seed), Dataset(), spec};
}

}  // namespace

DataSource load_data_spec(const std::string& spec) {
    if (spec == "fashion-mnist") {
        if (!std::filesystem::is_directory(kFashionMnistDir))
            throw IoError(fmt::format("data: {} does not exist; install Debian's dataset-fashion-mnist package "
                                      "(scripts/install-deps does)",
                                      kFashionMnistDir));
        IdxSplits s = load_idx_dir(kFashionMnistDir, "Fashion-MNIST");
        return {std::move(s.train), std::move(s.test), spec};
    }
    auto colon = spec.find(':');
    if (colon == std::string::npos) malformed(spec, "is not a data set");
    const std::string kind = spec.substr(0, colon), rest = spec.substr(colon + 1);
    if (rest.empty()) malformed(spec, "has nothing after the ':'");
    if (kind == "mnist" || kind == "idx") {
        IdxSplits s = load_idx_dir(rest, kind == "mnist" ? "MNIST" : "");
        return {std::move(s.train), std::move(s.test), spec};
    }
    if (kind == "csv") {
        CsvOptions options;
        options.task = CsvTask::auto_detect;
        std::string file = rest;
        if (auto label = rest.rfind(":label="); label != std::string::npos) {
            file = rest.substr(0, label);
            options.label_column = rest.substr(label + 7);
        }
        return {read_csv(file, options), Dataset(), spec};
    }
    if (kind == "synthetic") return load_synthetic(spec, rest);
    malformed(spec, fmt::format("has an unknown kind '{}'", kind));
}

}  // namespace axon
