// Sequential: layers applied in order, y = f_L(… f_2(f_1(x))). Parameter names follow PyTorch's
// nn.Sequential ("0.weight", "0.bias", "2.weight", ...), so state_dicts map one to one.
#pragma once

#include <memory>
#include <vector>

#include "axon/layers/module.hpp"

namespace axon {

class Sequential : public Module {
public:
    Sequential() = default;

    // Appends a layer; returns *this so that models read as one expression.
    template <class LayerT, class... Args>
    Sequential& emplace(Args&&... args) {
        return add(std::make_shared<LayerT>(std::forward<Args>(args)...));
    }
    Sequential& add(std::shared_ptr<Module> layer);

    Tensor forward(const Tensor& x) override;
    std::string describe() const override;  // one layer per line
    std::vector<NamedParameter> named_parameters() override;
    std::vector<NamedParameter> named_buffers() override;
    void train(bool on = true) override;

    std::size_t size() const { return layers_.size(); }
    Module& operator[](std::size_t i) { return *layers_.at(i); }
    const std::vector<std::shared_ptr<Module>>& layers() const { return layers_; }

private:
    std::vector<std::shared_ptr<Module>> layers_;
};

}  // namespace axon
