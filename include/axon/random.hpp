// The random number generator behind initialisers, dropout masks, shuffling and synthetic data.
// One seed makes a run reproducible bit for bit on one machine.
#pragma once

#include <cstdint>
#include <random>
#include <string>

namespace axon {

class Generator {
public:
    explicit Generator(std::uint64_t seed = 0) : engine_(seed) {}
    void seed(std::uint64_t s) { engine_.seed(s); }
    // Uniform in [lo, hi).
    double uniform(double lo = 0.0, double hi = 1.0);
    // Normal with mean and standard deviation.
    double normal(double mean = 0.0, double stddev = 1.0);
    // Uniform integer in [0, n).
    std::uint64_t below(std::uint64_t n);
    std::mt19937_64& engine() { return engine_; }
    // The whole state as text (for checkpoints), and back.
    std::string state() const;
    void set_state(const std::string& state);

private:
    std::mt19937_64 engine_;
};

// The process-wide generator used when none is passed (like torch.manual_seed).
Generator& default_generator();
void manual_seed(std::uint64_t seed);

}  // namespace axon
