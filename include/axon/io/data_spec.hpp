// Data sets named by one string, as the CLI's --data and --test take them:
//   mnist:DIR | idx:DIR      a folder with the four IDX files (train/t10k images and labels, .gz or plain)
//   fashion-mnist            Debian's dataset-fashion-mnist package (/usr/share/datasets/fashion-mnist)
//   csv:FILE[:label=COLUMN]  a CSV file; the label column by name or 0-based index (default: the last)
//   synthetic:NAME[:n=N,noise=S,seed=K]   a toy set of the course (io/synthetic.hpp lists the names)
#pragma once

#include <string>

#include "axon/io/dataset.hpp"

namespace axon {

struct DataSource {
    Dataset train;
    Dataset test;       // empty when the source has no test split of its own
    std::string label;  // what the user asked for, e.g. "fashion-mnist"
};

inline constexpr const char* kFashionMnistDir = "/usr/share/datasets/fashion-mnist";

// Throws ConfigError for a malformed spec (naming it and listing the forms) and IoError for unreadable data.
DataSource load_data_spec(const std::string& spec);

}  // namespace axon
