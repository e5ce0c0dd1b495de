// Dataset: the rows a model trains on, stored compactly, converted to float32 one batch at a time.
// Also the utilities around it: seeded permutations and splits, standardisation, [0, 1] scaling,
// one-hot encoding.
//
// Features are (N, D): N rows of D features. They are kept either as bytes (images: a loaded MNIST
// costs its byte size, 60000 × 784 B ≈ 47 MB, not 4× that) with a per-dataset scale (1/255) applied
// when a batch is gathered, or as float32 (CSV files, synthetic sets).
// Labels are int32 classes in [0, C) for classification, or float32 targets (N, T) for regression.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "axon/random.hpp"
#include "axon/tensor.hpp"

namespace axon {

enum class Task : std::uint8_t { classification, regression };
const char* task_name(Task task);  // "classification" / "regression"

class Dataset {
public:
    // An empty dataset (size() == 0).
    Dataset() = default;

    // Byte features, row-major (N, D) with D = num_features; a gathered value is byte · scale.
    // `labels` (N) must lie in [0, num_classes). Throws ShapeError when the sizes disagree and
    // ConfigError naming the row when a label is out of range.
    static Dataset from_bytes(std::vector<std::uint8_t> features, std::int64_t num_features, float scale,
                              std::vector<std::int32_t> labels, std::int64_t num_classes, std::string description = "");
    // Float features (N, D) with class labels in [0, num_classes). Throws as from_bytes, and NumericError
    // naming the row and column when a feature is NaN or infinite.
    static Dataset classification(std::vector<float> features, std::int64_t num_features,
                                  std::vector<std::int32_t> labels, std::int64_t num_classes,
                                  std::string description = "");
    // Float features (N, D) with float targets (N, T), T = num_targets. Throws as `classification`.
    static Dataset regression(std::vector<float> features, std::int64_t num_features, std::vector<float> targets,
                              std::int64_t num_targets, std::string description = "");

    std::int64_t size() const { return size_; }                  // N
    std::int64_t num_features() const { return num_features_; }  // D
    // C for classification, 0 for regression.
    std::int64_t num_classes() const { return task_ == Task::classification ? num_classes_ : 0; }
    // T for regression, 1 for classification (the label).
    std::int64_t num_targets() const { return task_ == Task::regression ? num_targets_ : 1; }
    Task task() const { return task_; }
    bool empty() const { return size_ == 0; }

    // The shape of one sample before flattening: (28, 28) for images, (D) otherwise.
    const Shape& sample_shape() const { return sample_shape_; }
    void set_sample_shape(Shape shape);  // throws ShapeError when its numel is not D

    // "Fashion-MNIST train, 60000 × 784, 10 classes"; the name part can be replaced.
    std::string description() const;
    const std::string& name() const { return name_; }
    void set_name(std::string name) { name_ = std::move(name); }

    // Storage: exactly one of bytes() / floats() is non-empty (unless the dataset is).
    bool stores_bytes() const { return !bytes_.empty(); }
    std::span<const std::uint8_t> bytes() const { return bytes_; }
    std::span<const float> floats() const { return floats_; }
    float byte_scale() const { return scale_; }
    std::span<const std::int32_t> labels() const { return labels_; }
    std::span<const float> targets() const { return targets_; }
    // Bytes held by features, labels, targets and the feature transform (what loading cost).
    std::size_t storage_bytes() const;

    // Feature j of row i as a gathered batch would hold it (scale and transform applied).
    float feature(std::int64_t i, std::int64_t j) const;

    // ---- batches ----
    // Fills x with the rows `indices` as float32 (N, D), N = indices.size(), and `labels` with their
    // classes. x is reused when it already is an f32 (N, D) tensor (no allocation); otherwise it is
    // replaced by a new one. Its data is overwritten: do not keep a previous batch alive through it.
    // Throws ConfigError when the dataset is not a classification set or an index is outside [0, size()).
    void gather_batch(std::span<const std::int64_t> indices, Tensor& x, std::vector<std::int32_t>& labels) const;
    // The same with targets as float32 (N, T): regression targets, or for classification the label as a
    // float in an (N, 1) tensor (0/1 targets for a binary cross-entropy).
    void gather_batch(std::span<const std::int64_t> indices, Tensor& x, Tensor& targets) const;
    // Every row: x (N, D) float32 and the targets as above. For small sets (synthetic, CSV).
    Tensor features_tensor() const;
    Tensor targets_tensor() const;

    // A new dataset with the rows `indices` in that order (bytes stay bytes). Name given or inherited.
    Dataset subset(std::span<const std::int64_t> indices, std::string name = "") const;

    // ---- feature transform ----
    // A per-feature affine map applied when gathering: x'_j = (x_j − shift_j) · mul_j, where x_j is the
    // stored value (times byte_scale()). It replaces any previous transform; empty vectors remove it.
    // Kept separate from the storage so that byte images stay bytes. Throws ShapeError when sizes are not D.
    void set_feature_transform(std::vector<float> shift, std::vector<float> mul);
    bool has_feature_transform() const { return !shift_.empty(); }

private:
    void check_index(std::int64_t i, const char* where) const;
    void fill_rows(std::span<const std::int64_t> indices, Tensor& x, const char* where) const;

    std::vector<std::uint8_t> bytes_;
    std::vector<float> floats_;
    float scale_ = 1.0f;
    std::vector<std::int32_t> labels_;
    std::vector<float> targets_;
    std::vector<float> shift_, mul_;
    std::int64_t size_ = 0, num_features_ = 0, num_classes_ = 0, num_targets_ = 0;
    Task task_ = Task::classification;
    Shape sample_shape_;
    std::string name_;
};

// ---- shuffling and splits ----

// A uniformly random permutation of 0 .. n−1 (Fisher–Yates with Generator::below, so the same
// generator state gives the same permutation on every platform).
std::vector<std::int64_t> permutation(std::int64_t n, Generator& gen);
std::vector<std::int64_t> permutation(std::int64_t n, std::uint64_t seed);

struct TrainValSplit {
    Dataset train;
    Dataset val;
};
// Shuffles the rows with `seed` and keeps round(val_fraction · N) of them for validation.
// Throws ConfigError unless 0 < val_fraction < 1 and both parts are non-empty.
TrainValSplit train_val_split(const Dataset& data, double val_fraction, std::uint64_t seed);
// Shuffles the rows with `seed` and cuts them into parts of the given fractions (e.g. {0.7, 0.15, 0.15}
// for train/validation/test). Fractions must be > 0 and sum to 1 (± 1e-6); part k gets
// round(cumsum_k · N) − round(cumsum_{k−1} · N) rows, every part at least one. Throws ConfigError otherwise.
std::vector<Dataset> random_split(const Dataset& data, std::span<const double> fractions, std::uint64_t seed);

// ---- feature scaling (fit on train, apply to the others) ----

// The per-feature transform x' = (x − shift) · mul, fitted on one dataset and applied to others.
// Fitting reads the stored values (times byte_scale()) and ignores a transform already installed.
struct FeatureScaler {
    std::vector<float> shift;
    std::vector<float> mul;

    // Standardisation: shift = mean, mul = 1 / std (population std over the rows). A constant feature
    // (std < 1e-12, e.g. MNIST's border pixels) gets mul = 1, so it maps to 0 instead of dividing by 0.
    static FeatureScaler fit_standardize(const Dataset& train);
    // [0, 1] scaling: shift = min, mul = 1 / (max − min) (1 for a constant feature). Other datasets can
    // fall outside [0, 1] where they exceed the training range.
    static FeatureScaler fit_unit_range(const Dataset& train);
    // Installs the transform on `data` (replacing any previous one). Throws ShapeError when the feature
    // counts differ.
    void apply(Dataset& data) const;
};

// One-hot rows: (N, C) with a 1 at column labels[i]. Throws ConfigError naming the row when a label
// is outside [0, num_classes).
Tensor one_hot(std::span<const std::int32_t> labels, std::int64_t num_classes, DType dtype = DType::f32);

}  // namespace axon
