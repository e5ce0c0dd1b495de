#include "axon/random.hpp"

#include <cmath>
#include <sstream>

#include "axon/error.hpp"

namespace axon {

// Distributions are built per call and written out by hand: libstdc++'s std::normal_distribution
// caches a second value, which would make the generator's state depend on call history.
double Generator::uniform(double lo, double hi) {
    double u = static_cast<double>(engine_() >> 11) * 0x1.0p-53;  // 53 random bits in [0, 1)
    return lo + (hi - lo) * u;
}

double Generator::normal(double mean, double stddev) {
    // Box–Muller on two fresh uniforms; 1 − u keeps the log argument in (0, 1].
    double u1 = 1.0 - uniform();
    double u2 = uniform();
    return mean + stddev * std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * 3.14159265358979323846 * u2);
}

std::uint64_t Generator::below(std::uint64_t n) {
    if (n == 0) throw ConfigError("Generator::below: n must be > 0");
    // Rejection sampling: no modulo bias, same sequence on every platform.
    const std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    std::uint64_t r;
    do r = engine_();
    while (r >= limit);
    return r % n;
}

std::string Generator::state() const {
    std::ostringstream out;
    out << engine_;
    return out.str();
}

void Generator::set_state(const std::string& state) {
    std::istringstream in(state);
    in >> engine_;
    if (!in) throw Error("Generator::set_state: the saved state is malformed");
}

Generator& default_generator() {
    static Generator generator(0);
    return generator;
}

void manual_seed(std::uint64_t seed) { default_generator().seed(seed); }

}  // namespace axon
