// axon export MODEL --format safetensors --out FILE: the weights under PyTorch's state_dict names.
#include <cstdio>

#include "axon/io/safetensors.hpp"
#include "commands.hpp"
#include "run_io.hpp"

namespace axon::cli {

namespace {
struct ExportOptions {
    std::string model, format = "safetensors", out;
};

void run_export(const ExportOptions& o) {
    LoadedModel m = load_model(o.model);
    SafetensorsFile file;
    file.tensors = state_dict(*m.model);
    file.metadata["format"] = "pt";  // what PyTorch-oriented safetensors readers expect
    file.metadata["axon_architecture"] = m.file.architecture;
    file.metadata["axon_in_features"] = std::to_string(m.file.in_features);
    save_safetensors(o.out, file);
    std::printf("wrote %zu tensors to %s\n", file.tensors.size(), o.out.c_str());
}
}  // namespace

void add_export(CLI::App& app) {
    auto o = std::make_shared<ExportOptions>();
    CLI::App* cmd = app.add_subcommand("export", "export a model's weights (PyTorch state_dict names and layouts)");
    cmd->add_option("MODEL", o->model, "model file")->required();
    cmd->add_option("--format", o->format, "safetensors")->check(CLI::IsMember({"safetensors"}));
    cmd->add_option("--out", o->out, "file to write")->required();
    cmd->callback([o] { run_export(*o); });
}

}  // namespace axon::cli
