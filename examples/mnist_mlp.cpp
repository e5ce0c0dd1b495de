// An MLP on MNIST with the library's Trainer: what `axon train --data mnist:DIR` does, in a C++ program.
//   example_mnist_mlp [DIR]   (default: ../shared/datasets/mnist)
#include <cstdio>

#include <axon/axon.hpp>

int main(int argc, char** argv) {
    using namespace axon;
    try {
        IdxSplits data = load_idx_dir(argc > 1 ? argv[1] : "../shared/datasets/mnist", "MNIST");
        Generator generator(0);
        auto model = build_architecture("256, relu, 128, relu, 10", data.train.num_features(), generator);
        SGDOptions options;
        options.lr = 0.05;
        options.momentum = 0.9;
        SGD sgd(model->named_parameters(), options);
        TrainerConfig config;
        config.epochs = 5;
        config.batch_size = 128;
        Trainer trainer(*model, sgd, config);
        trainer.fit(data.train, data.test);
        Evaluation test = trainer.evaluate(data.test);
        std::printf("test accuracy %.2f%%\n", 100 * test.accuracy);
    } catch (const Error& e) {
        std::fprintf(stderr, "mnist_mlp: %s\n", e.what());
        return 1;
    }
}
