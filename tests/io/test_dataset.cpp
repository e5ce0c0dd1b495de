#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

#include "axon/error.hpp"
#include "axon/io/dataset.hpp"
#include "axon/io/synthetic.hpp"
#include "io/io_test_util.hpp"

namespace axon {
namespace {

using test::contains;
using test::message_of;

// 4 rows of 3 byte features: row i = (10i, 10i + 1, 7), labels i mod 3.
Dataset byte_set() {
    std::vector<std::uint8_t> px = {0, 1, 7, 10, 11, 7, 20, 21, 7, 30, 31, 7};
    return Dataset::from_bytes(px, 3, 0.5f, {0, 1, 2, 0}, 3, "bytes");
}

TEST(Dataset, GatherConvertsBytesAndReusesBuffers) {
    Dataset d = byte_set();
    EXPECT_EQ(d.storage_bytes(), 12u + 4u * 4u);
    Tensor x;
    std::vector<std::int32_t> y;
    const std::int64_t rows[] = {3, 1};
    d.gather_batch(rows, x, y);
    EXPECT_EQ(x.shape(), (Shape{2, 3}));
    EXPECT_EQ(x.to_vector(), (std::vector<double>{15, 15.5, 3.5, 5, 5.5, 3.5}));
    EXPECT_EQ(y, (std::vector<std::int32_t>{0, 1}));
    const void* buffer = x.raw_data();
    const std::int32_t* labels = y.data();
    const std::int64_t other[] = {0, 2};
    d.gather_batch(other, x, y);
    EXPECT_EQ(x.raw_data(), buffer);  // same shape: filled in place, no allocation
    EXPECT_EQ(y.data(), labels);
    EXPECT_EQ(x.to_vector(), (std::vector<double>{0, 0.5, 3.5, 10, 10.5, 3.5}));
    const std::int64_t three[] = {0, 1, 2};
    d.gather_batch(three, x, y);  // another shape: a new tensor
    EXPECT_EQ(x.shape(), (Shape{3, 3}));
    // float targets of a classification set: the label as a float (N, 1)
    Tensor t;
    d.gather_batch(three, x, t);
    EXPECT_EQ(t.shape(), (Shape{3, 1}));
    EXPECT_EQ(t.to_vector(), (std::vector<double>{0, 1, 2}));
    const std::int64_t bad[] = {4};
    EXPECT_TRUE(contains(message_of<ConfigError>([&] { d.gather_batch(bad, x, y); }),
                         "Dataset::gather_batch: row index 4 is out of range (the dataset has 4 rows)"));
}

TEST(Dataset, RegressionTargetsAndConstructorChecks) {
    Dataset r = Dataset::regression({1, 2, 3, 4, 5, 6}, 2, {0.5f, -1, 2, 3, 4, 5}, 2, "r");
    EXPECT_EQ(r.size(), 3);
    EXPECT_EQ(r.num_targets(), 2);
    EXPECT_EQ(r.num_classes(), 0);
    EXPECT_EQ(r.description(), "r, 3 × 2, regression with 2 targets");
    Tensor x, t;
    const std::int64_t rows[] = {2, 0};
    r.gather_batch(rows, x, t);
    EXPECT_EQ(t.to_vector(), (std::vector<double>{4, 5, 0.5, -1}));
    std::vector<std::int32_t> y;
    EXPECT_TRUE(contains(message_of<ConfigError>([&] { r.gather_batch(rows, x, y); }), "regression dataset"));

    EXPECT_TRUE(contains(message_of<ShapeError>([] { Dataset::classification({1, 2, 3}, 2, {0}, 2); }),
                         "3 values do not make whole rows of 2 features"));
    EXPECT_TRUE(contains(message_of<ShapeError>([] { Dataset::classification({1, 2}, 2, {0, 1}, 2); }),
                         "1 rows of features but 2 labels"));
    EXPECT_TRUE(contains(message_of<ConfigError>([] { Dataset::classification({1, 2, 3, 4}, 2, {0, 2}, 2); }),
                         "row 1 has label 2, expected 0..1"));
    EXPECT_TRUE(contains(message_of<NumericError>([] { Dataset::classification({1, NAN, 3, 4}, 2, {0, 1}, 2); }),
                         "feature at row 0 column 1 is nan"));
}

TEST(Dataset, PermutationIsSeededAndUniformLooking) {
    const auto p = permutation(1000, std::uint64_t{42});
    std::vector<std::int64_t> sorted = p;
    std::sort(sorted.begin(), sorted.end());
    std::vector<std::int64_t> iota(1000);
    std::iota(iota.begin(), iota.end(), 0);
    EXPECT_EQ(sorted, iota);
    EXPECT_NE(p, iota);
    EXPECT_EQ(p, permutation(1000, std::uint64_t{42}));
    EXPECT_NE(p, permutation(1000, std::uint64_t{43}));
    // The same generator state gives the same permutation; the generator moves on afterwards.
    Generator g(42);
    EXPECT_EQ(permutation(1000, g), p);
    EXPECT_NE(permutation(1000, g), p);
    // Position of element 0 over many shuffles of 4 is roughly uniform.
    Generator h(1);
    std::vector<int> where(4, 0);
    for (int k = 0; k < 4000; ++k) {
        const auto q = permutation(4, h);
        ++where[static_cast<std::size_t>(std::find(q.begin(), q.end(), 0) - q.begin())];
    }
    for (int c : where) EXPECT_NEAR(c, 1000, 100);
}

TEST(Dataset, SplitsPartitionTheRowsReproducibly) {
    Dataset d = gaussian_mixture(200, GaussianMixture::kDefaultStddev, 3);
    auto [train, val] = train_val_split(d, 0.2, 5);
    EXPECT_EQ(train.size(), 160);
    EXPECT_EQ(val.size(), 40);
    EXPECT_EQ(val.name(), "synthetic gaussian_mixture (seed 3) (validation split)");
    // Every row of d lands in exactly one part (rows are distinct points).
    std::multiset<std::pair<float, float>> all, parts;
    for (std::int64_t i = 0; i < d.size(); ++i) all.insert({d.feature(i, 0), d.feature(i, 1)});
    for (const Dataset* p : {&train, &val})
        for (std::int64_t i = 0; i < p->size(); ++i) parts.insert({p->feature(i, 0), p->feature(i, 1)});
    EXPECT_EQ(all, parts);
    auto again = train_val_split(d, 0.2, 5);
    EXPECT_EQ(again.val.features_tensor().to_vector(), val.features_tensor().to_vector());
    EXPECT_NE(train_val_split(d, 0.2, 6).val.features_tensor().to_vector(), val.features_tensor().to_vector());

    const double three[] = {0.7, 0.15, 0.15};
    auto parts3 = random_split(d, three, 1);
    ASSERT_EQ(parts3.size(), 3u);
    EXPECT_EQ(parts3[0].size() + parts3[1].size() + parts3[2].size(), 200);
    EXPECT_EQ(parts3[0].size(), 140);
    EXPECT_TRUE(contains(message_of<ConfigError>([&] { train_val_split(d, 1.0, 1); }), "val_fraction must be in (0, 1)"));
    const double bad[] = {0.5, 0.4};
    EXPECT_TRUE(contains(message_of<ConfigError>([&] { random_split(d, bad, 1); }), "fractions sum to 0.9"));
    // bytes stay bytes in a subset
    const std::int64_t rows[] = {1, 3};
    Dataset s = byte_set().subset(rows);
    EXPECT_TRUE(s.stores_bytes());
    EXPECT_EQ(s.size(), 2);
    EXPECT_FLOAT_EQ(s.feature(1, 1), 15.5f);
    EXPECT_EQ(s.labels()[1], 0);
}

TEST(Dataset, StandardizeFitsOnTrainAndAppliesToOthers) {
    Dataset train = Dataset::classification({1, 5, 2, 5, 3, 5, 6, 5}, 2, {0, 1, 0, 1}, 2, "train");
    Dataset test = Dataset::classification({3, 1}, 2, {0}, 2, "test");
    const auto s = FeatureScaler::fit_standardize(train);
    s.apply(train);
    s.apply(test);
    // column 0: mean 3, population std sqrt(3.5); column 1 is constant: shifted to 0, not divided by 0
    double mean = 0, sq = 0;
    for (std::int64_t i = 0; i < 4; ++i) {
        mean += train.feature(i, 0) / 4.0;
        sq += train.feature(i, 0) * train.feature(i, 0) / 4.0;
        EXPECT_EQ(train.feature(i, 1), 0.0f);
    }
    EXPECT_NEAR(mean, 0.0, 1e-6);
    EXPECT_NEAR(sq, 1.0, 1e-6);
    EXPECT_NEAR(test.feature(0, 0), 0.0, 1e-6);
    EXPECT_NEAR(test.feature(0, 1), -4.0, 1e-6);
    // the batch sees the transform too
    Tensor x;
    std::vector<std::int32_t> y;
    const std::int64_t row[] = {3};
    train.gather_batch(row, x, y);
    EXPECT_NEAR(x.at(0), 3.0 / std::sqrt(3.5), 1e-6);
    // on bytes: the storage stays bytes, the batch is standardised
    Dataset b = byte_set();
    FeatureScaler::fit_standardize(b).apply(b);
    EXPECT_TRUE(b.stores_bytes());
    EXPECT_EQ(b.storage_bytes(), 12u + 16u + 2u * 3u * 4u);
    EXPECT_NEAR(b.feature(0, 0) + b.feature(1, 0) + b.feature(2, 0) + b.feature(3, 0), 0.0, 1e-5);
    Dataset wrong = Dataset::classification({1, 2, 3}, 3, {0}, 1);
    EXPECT_TRUE(contains(message_of<ShapeError>([&] { s.apply(wrong); }), "fitted on 2 features, the dataset has 3"));
}

TEST(Dataset, UnitRangeScaling) {
    Dataset train = Dataset::regression({-2, 10, 0, 20, 2, 30}, 2, {0, 0, 0}, 1);
    Dataset other = Dataset::regression({4, 15}, 2, {0}, 1);
    const auto s = FeatureScaler::fit_unit_range(train);
    s.apply(train);
    s.apply(other);
    EXPECT_EQ(train.features_tensor().to_vector(), (std::vector<double>{0, 0, 0.5, 0.5, 1, 1}));
    EXPECT_EQ(other.features_tensor().to_vector(), (std::vector<double>{1.5, 0.25}));  // outside the training range
}

TEST(Dataset, OneHot) {
    const std::int32_t labels[] = {2, 0, 1};
    Tensor y = one_hot(labels, 3);
    EXPECT_EQ(y.shape(), (Shape{3, 3}));
    EXPECT_EQ(y.to_vector(), (std::vector<double>{0, 0, 1, 1, 0, 0, 0, 1, 0}));
    EXPECT_EQ(one_hot(labels, 3, DType::f64).dtype(), DType::f64);
    EXPECT_TRUE(contains(message_of<ConfigError>([&] { one_hot(labels, 2); }), "one_hot: row 0 has label 2, expected 0..1"));
}

}  // namespace
}  // namespace axon
