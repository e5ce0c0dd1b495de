#include "axon/layers/architecture.hpp"

#include <algorithm>
#include <charconv>
#include <functional>
#include <map>

#include "axon/error.hpp"
#include "axon/layers/activation.hpp"
#include "axon/layers/batch_norm.hpp"
#include "axon/layers/dropout.hpp"
#include "axon/layers/flatten.hpp"
#include "axon/layers/linear.hpp"

namespace axon {

namespace {

struct Token {
    std::string name;
    std::vector<std::string> args;
    std::size_t position;  // 1-based index of the layer in the string
    std::string text;
};

std::string strip(std::string s) {
    s.erase(std::remove_if(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); }), s.end());
    return s;
}

std::vector<Token> tokenize(const std::string& architecture) {
    std::vector<Token> tokens;
    std::string text = strip(architecture);
    if (text.empty()) throw ConfigError("architecture: the string is empty");
    std::size_t depth = 0, start = 0;
    auto push = [&](std::size_t end) {
        std::string item = text.substr(start, end - start);
        Token t{"", {}, tokens.size() + 1, item};
        auto open = item.find('(');
        if (open == std::string::npos) {
            t.name = item;
        } else {
            if (item.back() != ')')
                throw ConfigError(fmt::format("architecture: layer {} '{}' has an unclosed '('", t.position, item));
            t.name = item.substr(0, open);
            std::string inner = item.substr(open + 1, item.size() - open - 2);
            std::size_t s = 0;
            for (std::size_t i = 0; i <= inner.size(); ++i)
                if (i == inner.size() || inner[i] == ',') {
                    t.args.push_back(inner.substr(s, i - s));
                    s = i + 1;
                }
        }
        if (t.name.empty() && t.args.empty())
            throw ConfigError(fmt::format("architecture: layer {} is empty in '{}'", t.position, architecture));
        tokens.push_back(std::move(t));
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '(') ++depth;
        else if (text[i] == ')') {
            if (depth == 0) throw ConfigError(fmt::format("architecture: unmatched ')' in '{}'", architecture));
            --depth;
        } else if (text[i] == ',' && depth == 0) {
            push(i);
            start = i + 1;
        }
    }
    if (depth != 0) throw ConfigError(fmt::format("architecture: unmatched '(' in '{}'", architecture));
    push(text.size());
    return tokens;
}

double number(const Token& t, std::size_t i) {
    if (i >= t.args.size())
        throw ConfigError(fmt::format("architecture: layer {} '{}' needs {} argument(s)", t.position, t.text, i + 1));
    const std::string& s = t.args[i];
    double v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size())
        throw ConfigError(fmt::format("architecture: layer {} '{}': '{}' is not a number", t.position, t.text, s));
    return v;
}

std::int64_t size_of(const Token& t, const std::string& s) {
    std::int64_t v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || v <= 0)
        throw ConfigError(fmt::format("architecture: layer {} '{}': '{}' is not a positive size", t.position, t.text, s));
    return v;
}

bool is_size(const std::string& s) { return !s.empty() && std::all_of(s.begin(), s.end(), ::isdigit); }

}  // namespace

std::shared_ptr<Sequential> build_architecture(const std::string& architecture, std::int64_t in_features,
                                               Generator& generator) {
    auto model = std::make_shared<Sequential>();
    std::int64_t width = in_features;
    for (const Token& t : tokenize(architecture)) {
        std::shared_ptr<Module> layer;
        if ((is_size(t.name) && t.args.empty()) || t.name == "linear") {
            std::int64_t out = size_of(t, t.name == "linear" ? (t.args.empty() ? std::string() : t.args[0]) : t.name);
            layer = std::make_shared<Linear>(width, out, true, DType::f32, generator);
            width = out;
        } else if (t.name == "leaky_relu" || t.name == "elu") {
            layer = std::make_shared<Activation>(t.name, t.args.empty() ? -1.0 : number(t, 0));
        } else if (std::find(Activation::names().begin(), Activation::names().end(), t.name) !=
                   Activation::names().end()) {
            if (!t.args.empty())
                throw ConfigError(fmt::format("architecture: layer {} '{}' takes no arguments", t.position, t.text));
            layer = std::make_shared<Activation>(t.name);
        } else if (t.name == "dropout") {
            double p = number(t, 0);
            if (t.args.size() > 2 || (t.args.size() == 2 && t.args[1] != "classic" && t.args[1] != "inverted"))
                throw ConfigError(fmt::format("architecture: layer {} '{}': use dropout(p) or dropout(p,classic)",
                                              t.position, t.text));
            const bool classic = t.args.size() == 2 && t.args[1] == "classic";
            layer = std::make_shared<Dropout>(p, classic ? DropoutMode::classic : DropoutMode::inverted);
        } else if (t.name == "batchnorm" && t.args.empty()) {
            layer = std::make_shared<BatchNorm1d>(width);
        } else if (t.name == "flatten" && t.args.empty()) {
            layer = std::make_shared<Flatten>();
        } else {
            std::string known = "SIZE, linear(SIZE), dropout(p), batchnorm, flatten";
            for (const auto& n : Activation::names()) known += ", " + n;
            throw ConfigError(fmt::format("architecture: layer {} '{}' is not a known layer (known: {})", t.position,
                                          t.text, known));
        }
        model->add(layer);
    }
    return model;
}

std::int64_t output_width(const std::string& architecture, std::int64_t in_features) {
    std::int64_t width = in_features;
    for (const Token& t : tokenize(architecture)) {
        if (is_size(t.name) && t.args.empty()) width = size_of(t, t.name);
        else if (t.name == "linear" && !t.args.empty()) width = size_of(t, t.args[0]);
    }
    return width;
}

std::string mlp_architecture(const std::vector<std::int64_t>& hidden, const std::string& activation,
                             std::int64_t outputs) {
    std::string s;
    for (std::int64_t h : hidden) s += fmt::format("{}, {}, ", h, activation);
    return s + std::to_string(outputs);
}

}  // namespace axon
