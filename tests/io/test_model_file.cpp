#include <filesystem>
#include <fstream>

#include "axon/io/model_file.hpp"
#include "axon/layers/architecture.hpp"
#include "support/gradcheck.hpp"

namespace axon {
namespace {

namespace fs = std::filesystem;

fs::path temp_dir(const std::string& name) {
    fs::path dir = fs::temp_directory_path() / ("axon_test_" + name + "_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

void write_bytes(const fs::path& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
}

template <class F>
std::string error_of(F f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return "no error";
}

TEST(Safetensors, RoundTripKeepsNamesShapesValuesAndMetadata) {
    SafetensorsFile file;
    file.tensors.push_back({"0.weight", test::uniform({3, 2}, -1, 1, 1, DType::f32)});
    file.tensors.push_back({"0.bias", test::uniform({3}, -1, 1, 2, DType::f64)});
    file.metadata["note"] = "hello";
    SafetensorsFile back = safetensors_decode(safetensors_encode(file), "memory");
    ASSERT_EQ(back.tensors.size(), 2u);
    EXPECT_EQ(back.tensors[0].name, "0.weight");
    EXPECT_EQ(back.tensors[1].tensor.dtype(), DType::f64);
    EXPECT_EQ(back.at("0.weight").to_vector(), file.tensors[0].tensor.to_vector());
    EXPECT_EQ(back.at("0.bias").to_vector(), file.tensors[1].tensor.to_vector());
    EXPECT_EQ(back.metadata.at("note"), "hello");
    // The header length is a multiple of 8, as the format requires.
    std::string bytes = safetensors_encode(file);
    EXPECT_EQ(static_cast<unsigned char>(bytes[0]) % 8, 0);
}

TEST(Safetensors, MalformedInputNamesTheProblem) {
    EXPECT_EQ(error_of([] { safetensors_decode("abc", "x.st"); }),
              "safetensors: 'x.st' is truncated: 3 bytes, the header length alone needs 8");
    SafetensorsFile file;
    file.tensors.push_back({"w", Tensor::ones({4})});
    std::string bytes = safetensors_encode(file);
    EXPECT_NE(error_of([&] { safetensors_decode(bytes.substr(0, bytes.size() - 4), "x.st"); }).find("outside"),
              std::string::npos);
    std::string bad_json = bytes;
    bad_json[8] = '[';
    EXPECT_NE(error_of([&] { safetensors_decode(bad_json, "x.st"); }).find("x.st"), std::string::npos);
}

ModelFile small_model_file() {
    Generator generator(3);
    auto model = build_architecture("4, tanh, 2", 3, generator);
    ModelFile file;
    file.architecture = "4, tanh, 2";
    file.in_features = 3;
    file.model_state = state_dict(*model);
    file.optimizer_state.push_back({"momentum.0.weight", Tensor::ones({4, 3})});
    file.info["epoch"] = "7";
    return file;
}

TEST(ModelFile, SaveLoadRoundTripRebuildsTheSameModel) {
    fs::path dir = temp_dir("model_roundtrip");
    ModelFile file = small_model_file();
    save_model_file(dir / "m.axon", file);
    ModelFile back = load_model_file(dir / "m.axon");
    EXPECT_EQ(back.architecture, "4, tanh, 2");
    EXPECT_EQ(back.in_features, 3);
    EXPECT_EQ(back.info.at("epoch"), "7");
    ASSERT_EQ(back.model_state.size(), 4u);
    ASSERT_EQ(back.optimizer_state.size(), 1u);
    EXPECT_EQ(back.optimizer_state[0].name, "momentum.0.weight");
    auto model = build_architecture(back.architecture, back.in_features);
    load_state_dict(*model, back.model_state, "m.axon");
    EXPECT_EQ(state_dict(*model)[0].tensor.to_vector(), file.model_state[0].tensor.to_vector());
    // Only the final file remains: the temporary was renamed.
    EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
    fs::remove_all(dir);
}

TEST(ModelFile, CorruptedTruncatedAndForeignFilesAreRejectedClearly) {
    fs::path dir = temp_dir("model_bad");
    save_model_file(dir / "m.axon", small_model_file());
    std::string bytes = read_file_bytes(dir / "m.axon", "test");

    std::string flipped = bytes;
    flipped[bytes.size() / 2] = static_cast<char>(flipped[bytes.size() / 2] ^ 0x10);
    write_bytes(dir / "flipped.axon", flipped);
    EXPECT_EQ(error_of([&] { load_model_file(dir / "flipped.axon"); }),
              fmt::format("load_model: '{}' is corrupted (checksum mismatch)", (dir / "flipped.axon").string()));

    write_bytes(dir / "short.axon", bytes.substr(0, bytes.size() - 10));
    EXPECT_NE(error_of([&] { load_model_file(dir / "short.axon"); }).find("is truncated"), std::string::npos);

    write_bytes(dir / "tiny.axon", bytes.substr(0, 5));
    EXPECT_NE(error_of([&] { load_model_file(dir / "tiny.axon"); }).find("is truncated (5 bytes"), std::string::npos);

    write_bytes(dir / "foreign.axon", "PK\x03\x04 this is a zip file, not a model");
    EXPECT_NE(error_of([&] { load_model_file(dir / "foreign.axon"); }).find("wrong magic number"), std::string::npos);

    std::string future = bytes;
    future[8] = 9;
    write_bytes(dir / "future.axon", future);
    EXPECT_NE(error_of([&] { load_model_file(dir / "future.axon"); }).find("format version 9"), std::string::npos);

    EXPECT_NE(error_of([&] { load_model_file(dir / "missing.axon"); }).find("No such file"), std::string::npos);
    fs::remove_all(dir);
}

TEST(ModelFile, FailedSaveLeavesNothingBehind) {
    fs::path dir = temp_dir("model_fail");
    EXPECT_THROW(save_model_file(dir / "no_such_dir" / "m.axon", small_model_file()), IoError);
    EXPECT_TRUE(fs::is_empty(dir));
    fs::remove_all(dir);
}

TEST(ModelFile, StateDictMismatchNamesTheTensor) {
    auto model = build_architecture("5, relu, 2", 3);
    ModelFile file = small_model_file();  // 4 hidden units
    EXPECT_EQ(error_of([&] { load_state_dict(*model, file.model_state, "m.axon"); }),
              "load_state_dict: 'm.axon' tensor '0.weight' has shape (4, 3), the model expects (5, 3)");
}

TEST(Architecture, ParsesTheGrammarAndRejectsUnknownLayers) {
    auto model = build_architecture("16, leaky_relu(0.2), linear(8), elu, 3", 4);
    EXPECT_EQ(model->size(), 5u);
    EXPECT_EQ(output_width("16, relu, 3", 4), 3);
    EXPECT_EQ(mlp_architecture({256, 128}, "relu", 10), "256, relu, 128, relu, 10");
    EXPECT_EQ(model->named_parameters()[2].name, "2.weight");
    EXPECT_NE(error_of([] { build_architecture("16, relux, 3", 4); }).find("layer 2 'relux' is not a known layer"),
              std::string::npos);
    EXPECT_NE(error_of([] { build_architecture("16, (3", 4); }).find("unmatched"), std::string::npos);
    EXPECT_NE(error_of([] { build_architecture("0", 4); }).find("not a positive size"), std::string::npos);
    EXPECT_THROW(build_architecture("", 4), ConfigError);
    auto regularised = build_architecture("8, batchnorm, relu, dropout(0.3), 8, dropout(0.5,classic), 2", 4);
    EXPECT_EQ(regularised->size(), 7u);
    EXPECT_EQ(regularised->named_buffers().size() >= 2, true);  // BatchNorm's running averages
    EXPECT_THROW(build_architecture("8, dropout(0.3,sideways), 2", 4), ConfigError);
    EXPECT_THROW(build_architecture("8, dropout(1.5), 2", 4), ConfigError);
}

}  // namespace
}  // namespace axon
