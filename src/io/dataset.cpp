#include "axon/io/dataset.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "axon/error.hpp"

namespace axon {

const char* task_name(Task task) { return task == Task::classification ? "classification" : "regression"; }

namespace {

void check_labels(std::span<const std::int32_t> labels, std::int64_t num_classes, const char* where) {
    if (num_classes < 1) throw ConfigError(fmt::format("{}: num_classes must be >= 1 (got {})", where, num_classes));
    for (std::size_t i = 0; i < labels.size(); ++i)
        if (labels[i] < 0 || labels[i] >= num_classes)
            throw ConfigError(fmt::format("{}: row {} has label {}, expected 0..{}", where, i, labels[i], num_classes - 1));
}

void check_finite(std::span<const float> values, std::int64_t cols, const char* where, const char* what) {
    for (std::size_t k = 0; k < values.size(); ++k)
        if (!std::isfinite(values[k]))
            throw NumericError(fmt::format("{}: {} at row {} column {} is {}", where, what,
                                           static_cast<std::int64_t>(k) / cols, static_cast<std::int64_t>(k) % cols,
                                           values[k]));
}

std::int64_t rows_of(std::size_t count, std::int64_t cols, const char* where, const char* what) {
    if (cols < 1) throw ShapeError(fmt::format("{}: the number of {} must be >= 1 (got {})", where, what, cols));
    if (count % static_cast<std::size_t>(cols) != 0)
        throw ShapeError(fmt::format("{}: {} values do not make whole rows of {} {}", where, count, cols, what));
    return static_cast<std::int64_t>(count) / cols;
}

// A caller's batch tensor can take the next batch in place: float32, (rows, cols), and no graph leaf
// (writing into a tensor that requires grad would change a parameter behind autograd's back).
bool is_reusable_batch(const Tensor& t, std::int64_t rows, std::int64_t cols) {
    return t.defined() && t.dtype() == DType::f32 && t.ndim() == 2 && t.dim(0) == rows && t.dim(1) == cols &&
           !t.requires_grad();
}

}  // namespace

Dataset Dataset::from_bytes(std::vector<std::uint8_t> features, std::int64_t num_features, float scale,
                            std::vector<std::int32_t> labels, std::int64_t num_classes, std::string description) {
    constexpr const char* where = "Dataset::from_bytes";
    const std::int64_t n = rows_of(features.size(), num_features, where, "features");
    if (static_cast<std::int64_t>(labels.size()) != n)
        throw ShapeError(fmt::format("{}: {} rows of features but {} labels", where, n, labels.size()));
    if (!std::isfinite(scale)) throw NumericError(fmt::format("{}: scale is {}", where, scale));
    check_labels(labels, num_classes, where);
    Dataset d;
    d.bytes_ = std::move(features);
    d.scale_ = scale;
    d.labels_ = std::move(labels);
    d.size_ = n;
    d.num_features_ = num_features;
    d.num_classes_ = num_classes;
    d.task_ = Task::classification;
    d.sample_shape_ = {num_features};
    d.name_ = std::move(description);
    return d;
}

Dataset Dataset::classification(std::vector<float> features, std::int64_t num_features,
                                std::vector<std::int32_t> labels, std::int64_t num_classes, std::string description) {
    constexpr const char* where = "Dataset::classification";
    const std::int64_t n = rows_of(features.size(), num_features, where, "features");
    if (static_cast<std::int64_t>(labels.size()) != n)
        throw ShapeError(fmt::format("{}: {} rows of features but {} labels", where, n, labels.size()));
    check_finite(features, num_features, where, "feature");
    check_labels(labels, num_classes, where);
    Dataset d;
    d.floats_ = std::move(features);
    d.labels_ = std::move(labels);
    d.size_ = n;
    d.num_features_ = num_features;
    d.num_classes_ = num_classes;
    d.task_ = Task::classification;
    d.sample_shape_ = {num_features};
    d.name_ = std::move(description);
    return d;
}

Dataset Dataset::regression(std::vector<float> features, std::int64_t num_features, std::vector<float> targets,
                            std::int64_t num_targets, std::string description) {
    constexpr const char* where = "Dataset::regression";
    const std::int64_t n = rows_of(features.size(), num_features, where, "features");
    const std::int64_t nt = rows_of(targets.size(), num_targets, where, "targets");
    if (nt != n) throw ShapeError(fmt::format("{}: {} rows of features but {} rows of targets", where, n, nt));
    check_finite(features, num_features, where, "feature");
    check_finite(targets, num_targets, where, "target");
    Dataset d;
    d.floats_ = std::move(features);
    d.targets_ = std::move(targets);
    d.size_ = n;
    d.num_features_ = num_features;
    d.num_targets_ = num_targets;
    d.task_ = Task::regression;
    d.sample_shape_ = {num_features};
    d.name_ = std::move(description);
    return d;
}

void Dataset::set_sample_shape(Shape shape) {
    if (shape_numel(shape) != num_features_)
        throw ShapeError(fmt::format("Dataset::set_sample_shape: shape {} has {} elements, the dataset has {} features",
                                     shape, shape_numel(shape), num_features_));
    sample_shape_ = std::move(shape);
}

std::string Dataset::description() const {
    const std::string name = name_.empty() ? std::string("dataset") : name_;
    if (task_ == Task::classification)
        return fmt::format("{}, {} × {}, {} classes", name, size_, num_features_, num_classes_);
    return fmt::format("{}, {} × {}, regression with {} target{}", name, size_, num_features_, num_targets_,
                       num_targets_ == 1 ? "" : "s");
}

std::size_t Dataset::storage_bytes() const {
    return bytes_.size() + sizeof(float) * (floats_.size() + targets_.size() + shift_.size() + mul_.size()) +
           sizeof(std::int32_t) * labels_.size();
}

void Dataset::check_index(std::int64_t i, const char* where) const {
    if (i < 0 || i >= size_)
        throw ConfigError(fmt::format("{}: row index {} is out of range (the dataset has {} rows)", where, i, size_));
}

float Dataset::feature(std::int64_t i, std::int64_t j) const {
    check_index(i, "Dataset::feature");
    if (j < 0 || j >= num_features_)
        throw ConfigError(fmt::format("Dataset::feature: feature index {} is out of range (the dataset has {} features)",
                                      j, num_features_));
    const std::size_t k = static_cast<std::size_t>(i * num_features_ + j);
    float v = bytes_.empty() ? floats_[k] : static_cast<float>(bytes_[k]) * scale_;
    if (!shift_.empty()) v = (v - shift_[j]) * mul_[j];
    return v;
}

// x (N, D) ← rows `indices`, each value byte·scale or the float, then (x − shift)·mul when a transform is set.
void Dataset::fill_rows(std::span<const std::int64_t> indices, Tensor& x, const char* where) const {
    const auto n = static_cast<std::int64_t>(indices.size());
    for (std::int64_t i : indices) check_index(i, where);
    if (!is_reusable_batch(x, n, num_features_)) x = Tensor::empty({n, num_features_}, DType::f32);
    float* out = x.data<float>();
    const std::size_t d = static_cast<std::size_t>(num_features_);
    for (std::int64_t r = 0; r < n; ++r) {
        float* row = out + static_cast<std::size_t>(r) * d;
        const std::size_t start = static_cast<std::size_t>(indices[static_cast<std::size_t>(r)]) * d;
        if (!bytes_.empty()) {
            const std::uint8_t* src = bytes_.data() + start;
            for (std::size_t j = 0; j < d; ++j) row[j] = static_cast<float>(src[j]) * scale_;
        } else {
            std::copy_n(floats_.data() + start, d, row);
        }
        if (!shift_.empty())
            for (std::size_t j = 0; j < d; ++j) row[j] = (row[j] - shift_[j]) * mul_[j];
    }
}

void Dataset::gather_batch(std::span<const std::int64_t> indices, Tensor& x, std::vector<std::int32_t>& labels) const {
    if (task_ != Task::classification)
        throw ConfigError(
            "Dataset::gather_batch: this is a regression dataset; gather its targets into a Tensor instead of labels");
    fill_rows(indices, x, "Dataset::gather_batch");
    labels.resize(indices.size());
    for (std::size_t r = 0; r < indices.size(); ++r) labels[r] = labels_[static_cast<std::size_t>(indices[r])];
}

void Dataset::gather_batch(std::span<const std::int64_t> indices, Tensor& x, Tensor& targets) const {
    fill_rows(indices, x, "Dataset::gather_batch");
    const auto n = static_cast<std::int64_t>(indices.size());
    const std::int64_t t = num_targets();
    if (!is_reusable_batch(targets, n, t)) targets = Tensor::empty({n, t}, DType::f32);
    float* out = targets.data<float>();
    for (std::int64_t r = 0; r < n; ++r) {
        const auto i = static_cast<std::size_t>(indices[static_cast<std::size_t>(r)]);
        if (task_ == Task::classification) {
            out[r] = static_cast<float>(labels_[i]);
        } else {
            std::copy_n(targets_.data() + i * static_cast<std::size_t>(t), t, out + r * t);
        }
    }
}

Tensor Dataset::features_tensor() const {
    std::vector<std::int64_t> all(static_cast<std::size_t>(size_));
    std::iota(all.begin(), all.end(), 0);
    Tensor x;
    fill_rows(all, x, "Dataset::features_tensor");
    return x;
}

Tensor Dataset::targets_tensor() const {
    std::vector<std::int64_t> all(static_cast<std::size_t>(size_));
    std::iota(all.begin(), all.end(), 0);
    Tensor x, t;
    gather_batch(all, x, t);
    return t;
}

Dataset Dataset::subset(std::span<const std::int64_t> indices, std::string name) const {
    for (std::int64_t i : indices) check_index(i, "Dataset::subset");
    Dataset d;
    const auto n = static_cast<std::int64_t>(indices.size());
    const std::size_t cols = static_cast<std::size_t>(num_features_);
    if (!bytes_.empty()) {
        d.bytes_.reserve(static_cast<std::size_t>(n) * cols);
        for (std::int64_t i : indices)
            d.bytes_.insert(d.bytes_.end(), bytes_.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(i) * cols),
                            bytes_.begin() + static_cast<std::ptrdiff_t>((static_cast<std::size_t>(i) + 1) * cols));
    } else {
        d.floats_.reserve(static_cast<std::size_t>(n) * cols);
        for (std::int64_t i : indices)
            d.floats_.insert(d.floats_.end(), floats_.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(i) * cols),
                             floats_.begin() + static_cast<std::ptrdiff_t>((static_cast<std::size_t>(i) + 1) * cols));
    }
    if (task_ == Task::classification) {
        d.labels_.reserve(static_cast<std::size_t>(n));
        for (std::int64_t i : indices) d.labels_.push_back(labels_[static_cast<std::size_t>(i)]);
    } else {
        const std::size_t t = static_cast<std::size_t>(num_targets_);
        d.targets_.reserve(static_cast<std::size_t>(n) * t);
        for (std::int64_t i : indices)
            d.targets_.insert(d.targets_.end(), targets_.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(i) * t),
                              targets_.begin() + static_cast<std::ptrdiff_t>((static_cast<std::size_t>(i) + 1) * t));
    }
    d.scale_ = scale_;
    d.shift_ = shift_;
    d.mul_ = mul_;
    d.size_ = n;
    d.num_features_ = num_features_;
    d.num_classes_ = num_classes_;
    d.num_targets_ = num_targets_;
    d.task_ = task_;
    d.sample_shape_ = sample_shape_;
    d.name_ = name.empty() ? name_ : std::move(name);
    return d;
}

void Dataset::set_feature_transform(std::vector<float> shift, std::vector<float> mul) {
    if (shift.empty() && mul.empty()) {
        shift_.clear();
        mul_.clear();
        return;
    }
    if (static_cast<std::int64_t>(shift.size()) != num_features_ || static_cast<std::int64_t>(mul.size()) != num_features_)
        throw ShapeError(fmt::format("Dataset::set_feature_transform: shift has {} and mul {} values, the dataset has {} features",
                                     shift.size(), mul.size(), num_features_));
    shift_ = std::move(shift);
    mul_ = std::move(mul);
}

// ---- shuffling and splits ----

std::vector<std::int64_t> permutation(std::int64_t n, Generator& gen) {
    if (n < 0) throw ConfigError(fmt::format("permutation: n must be >= 0 (got {})", n));
    std::vector<std::int64_t> p(static_cast<std::size_t>(n));
    std::iota(p.begin(), p.end(), 0);
    // Fisher–Yates, from the end: swap i with a uniform j in [0, i].
    for (std::int64_t i = n - 1; i > 0; --i) {
        const auto j = static_cast<std::size_t>(gen.below(static_cast<std::uint64_t>(i) + 1));
        std::swap(p[static_cast<std::size_t>(i)], p[j]);
    }
    return p;
}

std::vector<std::int64_t> permutation(std::int64_t n, std::uint64_t seed) {
    Generator gen(seed);
    return permutation(n, gen);
}

std::vector<Dataset> random_split(const Dataset& data, std::span<const double> fractions, std::uint64_t seed) {
    constexpr const char* where = "random_split";
    if (fractions.empty()) throw ConfigError(fmt::format("{}: no fractions given", where));
    double total = 0.0;
    for (double f : fractions) {
        if (!(f > 0.0)) throw ConfigError(fmt::format("{}: every fraction must be > 0 (got {})", where, f));
        total += f;
    }
    if (std::abs(total - 1.0) > 1e-6) throw ConfigError(fmt::format("{}: fractions sum to {}, expected 1", where, total));
    const std::int64_t n = data.size();
    const auto perm = permutation(n, seed);
    std::vector<Dataset> parts;
    double cum = 0.0;
    std::int64_t begin = 0;
    for (std::size_t k = 0; k < fractions.size(); ++k) {
        cum += fractions[k];
        const std::int64_t end = k + 1 == fractions.size() ? n : std::llround(cum * static_cast<double>(n));
        if (end <= begin)
            throw ConfigError(fmt::format("{}: part {} of {} rows would be empty (fraction {})", where, k, n, fractions[k]));
        std::span<const std::int64_t> rows(perm.data() + begin, static_cast<std::size_t>(end - begin));
        parts.push_back(data.subset(rows));
        begin = end;
    }
    return parts;
}

TrainValSplit train_val_split(const Dataset& data, double val_fraction, std::uint64_t seed) {
    if (!(val_fraction > 0.0 && val_fraction < 1.0))
        throw ConfigError(fmt::format("train_val_split: val_fraction must be in (0, 1) (got {})", val_fraction));
    const double fractions[] = {1.0 - val_fraction, val_fraction};
    auto parts = random_split(data, fractions, seed);
    const std::string base = data.name().empty() ? std::string("dataset") : data.name();
    parts[0].set_name(base + " (train split)");
    parts[1].set_name(base + " (validation split)");
    return {std::move(parts[0]), std::move(parts[1])};
}

// ---- feature scaling ----

namespace {
// The stored value of row i, feature j (times byte_scale), ignoring any installed transform.
double raw_feature(const Dataset& d, std::size_t k) {
    return d.stores_bytes() ? static_cast<double>(d.bytes()[k]) * d.byte_scale() : static_cast<double>(d.floats()[k]);
}
}  // namespace

FeatureScaler FeatureScaler::fit_standardize(const Dataset& train) {
    if (train.empty()) throw ConfigError("FeatureScaler::fit_standardize: the dataset is empty");
    const auto n = static_cast<std::size_t>(train.size());
    const auto d = static_cast<std::size_t>(train.num_features());
    std::vector<double> mean(d, 0.0), m2(d, 0.0);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < d; ++j) mean[j] += raw_feature(train, i * d + j);
    for (auto& m : mean) m /= static_cast<double>(n);
    // Two passes: Σ(x − mean)² does not cancel catastrophically the way Σx² − n·mean² can.
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < d; ++j) {
            const double c = raw_feature(train, i * d + j) - mean[j];
            m2[j] += c * c;
        }
    FeatureScaler s;
    s.shift.resize(d);
    s.mul.resize(d);
    for (std::size_t j = 0; j < d; ++j) {
        const double sd = std::sqrt(m2[j] / static_cast<double>(n));
        s.shift[j] = static_cast<float>(mean[j]);
        s.mul[j] = sd < 1e-12 ? 1.0f : static_cast<float>(1.0 / sd);
    }
    return s;
}

FeatureScaler FeatureScaler::fit_unit_range(const Dataset& train) {
    if (train.empty()) throw ConfigError("FeatureScaler::fit_unit_range: the dataset is empty");
    const auto n = static_cast<std::size_t>(train.size());
    const auto d = static_cast<std::size_t>(train.num_features());
    std::vector<double> lo(d, INFINITY), hi(d, -INFINITY);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < d; ++j) {
            const double v = raw_feature(train, i * d + j);
            lo[j] = std::min(lo[j], v);
            hi[j] = std::max(hi[j], v);
        }
    FeatureScaler s;
    s.shift.resize(d);
    s.mul.resize(d);
    for (std::size_t j = 0; j < d; ++j) {
        const double range = hi[j] - lo[j];
        s.shift[j] = static_cast<float>(lo[j]);
        s.mul[j] = range < 1e-12 ? 1.0f : static_cast<float>(1.0 / range);
    }
    return s;
}

void FeatureScaler::apply(Dataset& data) const {
    if (static_cast<std::int64_t>(shift.size()) != data.num_features())
        throw ShapeError(fmt::format("FeatureScaler::apply: the scaler was fitted on {} features, the dataset has {}",
                                     shift.size(), data.num_features()));
    data.set_feature_transform(shift, mul);
}

Tensor one_hot(std::span<const std::int32_t> labels, std::int64_t num_classes, DType dtype) {
    if (num_classes < 1) throw ConfigError(fmt::format("one_hot: num_classes must be >= 1 (got {})", num_classes));
    const auto n = static_cast<std::int64_t>(labels.size());
    Tensor y = Tensor::zeros({n, num_classes}, dtype);
    for (std::int64_t i = 0; i < n; ++i) {
        const std::int32_t c = labels[static_cast<std::size_t>(i)];
        if (c < 0 || c >= num_classes)
            throw ConfigError(fmt::format("one_hot: row {} has label {}, expected 0..{}", i, c, num_classes - 1));
        if (dtype == DType::f32)
            y.data<float>()[i * num_classes + c] = 1.0f;
        else
            y.data<double>()[i * num_classes + c] = 1.0;
    }
    return y;
}

}  // namespace axon
