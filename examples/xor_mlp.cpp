// XOR, the function a single perceptron cannot learn (note 000), learned by a 2-4-1 network with
// the engine alone: a graph per step, backward(), and w ← w − η∇J.
#include <cstdio>

#include <axon/axon.hpp>

int main() {
    using namespace axon;
    Tensor x = Tensor::from({0, 0, 0, 1, 1, 0, 1, 1}, {4, 2});
    Tensor t = Tensor::from({0, 1, 1, 0}, {4, 1});
    manual_seed(1);
    Sequential model;
    model.emplace<Linear>(2, 4).emplace<Activation>("tanh").emplace<Linear>(4, 1).emplace<Activation>("sigmoid");
    GradientDescent gd(model.parameters(), 1.0);
    for (int step = 0; step <= 2000; ++step) {
        gd.zero_grad();
        Tensor loss = ops::bce_loss(model(x), t);
        if (step % 500 == 0) std::printf("step %4d  loss %.4f\n", step, loss.item());
        loss.backward();
        gd.step();
    }
    NoGradGuard no_grad;
    Tensor y = model(x);
    for (int i = 0; i < 4; ++i)
        std::printf("%g xor %g = %.3f\n", x.at(2 * i), x.at(2 * i + 1), y.at(i));
}
