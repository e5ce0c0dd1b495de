// axon import WEIGHTS.safetensors --arch ARCH --in-features D --out MODEL: a model from weights trained
// elsewhere (PyTorch state_dict names and layouts), ready for axon eval / predict / train --init.
#include <cstdio>

#include "axon/io/model_file.hpp"
#include "axon/io/safetensors.hpp"
#include "axon/layers/architecture.hpp"
#include "commands.hpp"

namespace axon::cli {

namespace {
struct ImportOptions {
    std::string weights, arch, out, loss = "cross_entropy";
    std::int64_t in_features = 0;
};

void run_import(const ImportOptions& o) {
    auto model = build_architecture(o.arch, o.in_features);
    load_state_dict(*model, load_safetensors(o.weights).tensors, o.weights);
    ModelFile f;
    f.architecture = o.arch;
    f.in_features = o.in_features;
    f.model_state = state_dict(*model);
    f.info["settings"] = fmt::format(R"({{"loss": "{}", "imported_from": "{}"}})", o.loss, o.weights);
    save_model_file(o.out, f);
    std::printf("imported %s into %s\n", o.weights.c_str(), o.out.c_str());
}
}  // namespace

void add_import(CLI::App& app) {
    auto o = std::make_shared<ImportOptions>();
    CLI::App* cmd = app.add_subcommand("import", "make an axon model from safetensors weights (e.g. from PyTorch)");
    cmd->add_option("WEIGHTS", o->weights, "safetensors file with PyTorch state_dict names")->required();
    cmd->add_option("--arch", o->arch, "architecture string matching the weights, e.g. \"16, relu, 3\"")->required();
    cmd->add_option("--in-features", o->in_features, "input width")->required()->check(kPositive);
    cmd->add_option("--loss", o->loss, "the loss the model was trained with (decides how eval scores it)");
    cmd->add_option("--out", o->out, "model file to write")->required();
    cmd->callback([o] { run_import(*o); });
}

}  // namespace axon::cli
