// The one exception hierarchy axon throws. Messages read
// "<where>: <what is wrong> (<the values>)[; <hint>]".
#pragma once

#include <stdexcept>
#include <string>

namespace axon {

struct Error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Tensor shapes or dtypes that an operation cannot combine.
struct ShapeError : Error {
    using Error::Error;
};

// A file that cannot be opened, read, parsed or written.
struct IoError : Error {
    using Error::Error;
};

// A setting out of its range, an unknown name, an inconsistent combination of options.
struct ConfigError : Error {
    using Error::Error;
};

// A NaN or infinity where a finite number is required (a diverging training run, bad input data).
struct NumericError : Error {
    using Error::Error;
};

}  // namespace axon
