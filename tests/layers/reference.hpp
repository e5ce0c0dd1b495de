// Loads the PyTorch fixtures of tests/data/layers_reference.json (written by
// tests/layers/make_layers_reference.py) and compares axon tensors with them.
#pragma once

#include <cmath>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "axon/tensor.hpp"

namespace axon::test {

// A fixture file of tests/data parsed whole; throws IoError naming the path when it cannot be opened.
inline nlohmann::json read_json_fixture(const std::string& file) {
    const std::string path = std::string(AXON_TEST_DATA_DIR) + "/" + file;
    std::ifstream in(path);
    if (!in) throw IoError("cannot open the fixture '" + path + "'");
    return nlohmann::json::parse(in);
}

inline const nlohmann::json& layers_reference() {
    static const nlohmann::json data = read_json_fixture("layers_reference.json");
    return data;
}

// {"shape": [...], "values": [...]} → a tensor of `dtype`.
inline Tensor tensor_from_json(const nlohmann::json& j, DType dtype) {
    Shape shape = j.at("shape").get<Shape>();
    std::vector<double> values = j.at("values").get<std::vector<double>>();
    return Tensor::from(std::span<const double>(values), shape).to(dtype);
}

// Passes when the shapes agree and every |a − r| ≤ tol·max(1, |r|).
inline ::testing::AssertionResult matches_reference(const std::string& what, const Tensor& actual,
                                                    const nlohmann::json& expected, double tol) {
    Tensor r = tensor_from_json(expected, DType::f64);
    if (!actual.defined()) return ::testing::AssertionFailure() << what << ": tensor is undefined";
    if (actual.shape() != r.shape())
        return ::testing::AssertionFailure()
               << what << ": shape " << shape_str(actual.shape()) << " vs reference " << shape_str(r.shape());
    for (std::int64_t i = 0; i < r.numel(); ++i) {
        const double a = actual.at(i), e = r.at(i);
        if (!(std::abs(a - e) <= tol * std::max(1.0, std::abs(e))))
            return ::testing::AssertionFailure() << what << " " << shape_str(r.shape()) << " index " << i << ": axon "
                                                 << a << " vs PyTorch " << e << " (tol " << tol << ")";
    }
    return ::testing::AssertionSuccess();
}

}  // namespace axon::test
