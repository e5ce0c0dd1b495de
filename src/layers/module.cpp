#include "axon/layers/module.hpp"

namespace axon {

std::vector<Tensor> Module::parameters() {
    std::vector<Tensor> out;
    for (auto& p : named_parameters()) out.push_back(p.tensor);
    return out;
}

std::vector<Tensor> Module::weights() {
    std::vector<Tensor> out;
    for (auto& p : named_parameters())
        if (p.decay) out.push_back(p.tensor);
    return out;
}

void Module::zero_grad() {
    for (auto& p : named_parameters()) p.tensor.zero_grad();
}

}  // namespace axon
