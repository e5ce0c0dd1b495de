// Chart builders and the network graph. The decision-boundary test reads the PNG back: at points well
// inside each Bayes region of the course's Gaussian mixture, the pixel has that class's region colour,
// for the Bayes classifier itself and for a small MLP trained on a sample.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>

#include "axon/error.hpp"
#include "axon/io/model_file.hpp"
#include "axon/io/synthetic.hpp"
#include "axon/layers/architecture.hpp"
#include "axon/ops/loss.hpp"
#include "axon/optim/adam.hpp"
#include "axon/plot/charts.hpp"
#include "axon/plot/network_graph.hpp"
#include "io/io_test_util.hpp"
#include "plot/render/png_image.hpp"

namespace axon::plot {
namespace {

using test::TempDir;

// The region colour of class c as painted over white at alpha a, in 0..255.
std::array<double, 3> region_color(std::size_t c, double a) {
    auto p = palette(c);
    return {255 * (1 - a + a * p.r), 255 * (1 - a + a * p.g), 255 * (1 - a + a * p.b)};
}

double distance(std::array<int, 3> p, std::array<double, 3> q) {
    return std::abs(p[0] - q[0]) + std::abs(p[1] - q[1]) + std::abs(p[2] - q[2]);
}

// Checks the pixels of a boundary picture against the Bayes regions; returns the points checked per class.
std::array<int, 2> check_regions(const Figure& figure, const std::string& png, const GaussianMixture& mixture,
                                 const Dataset& data, double alpha) {
    auto image = detail::read_png(png);
    std::array<int, 2> checked{0, 0};
    // Data → pixel is affine per axis: two points give it.
    auto origin = data_to_pixel(figure, 0, 0, 0), unit = data_to_pixel(figure, 0, 1, 1);
    auto to_pixel = [&](double x, double y) {
        return std::array<double, 2>{origin[0] + x * (unit[0] - origin[0]), origin[1] + y * (unit[1] - origin[1])};
    };
    const auto& panel = figure.panels[0];
    for (double x = *panel.x_min; x <= *panel.x_max; x += 0.2)
        for (double y = *panel.y_min; y <= *panel.y_max; y += 0.2) {
            double p0 = mixture.density(0, x, y), p1 = mixture.density(1, x, y);
            // Well inside a region, and where the sample has data (an MLP only knows the data).
            if (std::abs(std::log(p0) - std::log(p1)) < 4 || std::max(p0, p1) < 0.03) continue;
            auto [px, py] = to_pixel(x, y);
            bool near_point = false;  // markers cover the region colour
            for (std::int64_t i = 0; i < data.size() && !near_point; ++i) {
                auto [qx, qy] = to_pixel(data.feature(i, 0), data.feature(i, 1));
                near_point = std::hypot(qx - px, qy - py) < 10;
            }
            if (near_point) continue;
            auto c = static_cast<std::size_t>(p1 > p0 ? 1 : 0);
            auto pixel = image.rgb(static_cast<int>(px), static_cast<int>(py));
            EXPECT_LT(distance(pixel, region_color(c, alpha)), 8) << "class " << c << " at (" << x << ", " << y << ")";
            EXPECT_GT(distance(pixel, region_color(1 - c, alpha)), 40) << "at (" << x << ", " << y << ")";
            ++checked[c];
        }
    return checked;
}

TEST(Charts, DecisionBoundaryPixelsShowTheBayesRegions) {
    TempDir dir;
    auto mixture = GaussianMixture::course();
    auto data = mixture.sample(200, /*seed=*/3);
    BoundaryOptions options;
    options.resolution = 150;

    // The Bayes classifier itself.
    Figure bayes;
    bayes.panels.push_back(decision_boundary([&](double x, double y) { return mixture.bayes_predict(x, y); }, data, options));
    save(bayes, dir.file("bayes.png"));
    auto checked = check_regions(bayes, dir.file("bayes.png"), mixture, data, options.region_alpha);
    EXPECT_GT(checked[0], 10);
    EXPECT_GT(checked[1], 10);

    // A 2-16-2 MLP, 300 full-batch Adam steps from a fixed seed.
    Generator generator(11);
    auto model = build_architecture("16, relu, 2", 2, generator);
    Adam adam(model->named_parameters(), AdamOptions{.lr = 0.03});
    auto x = data.features_tensor();
    for (int step = 0; step < 300; ++step) {
        adam.zero_grad();
        ops::cross_entropy(model->forward(x), data.labels()).backward();
        adam.step();
    }
    Figure mlp;
    mlp.panels.push_back(decision_boundary(*model, data, options));
    save(mlp, dir.file("mlp.png"));
    checked = check_regions(mlp, dir.file("mlp.png"), mixture, data, options.region_alpha);
    EXPECT_GT(checked[0], 10);
    EXPECT_GT(checked[1], 10);
}

TEST(Charts, DecisionBoundaryNeedsTwoFeatures) {
    auto data = make_synthetic("random", 20);  // 10 features
    EXPECT_THROW(decision_boundary([](double, double) { return 0; }, data), ShapeError);
}

std::vector<NamedTensor> state_2_3_1() {
    return {{"0.weight", Tensor::from({0.5, -0.5, 1.0, -1.0, 0.25, 2.0}, {3, 2})},
            {"0.bias", Tensor::from({0.1, 0.2, 0.3}, {3})},
            {"2.weight", Tensor::from({1.5, -0.75, 0.5}, {1, 3})},
            {"2.bias", Tensor::from({-0.1}, {1})}};
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

TEST(NetworkGraph, DotHasOneNodePerUnitAndOneColouredEdgePerWeight) {
    auto dot = network_dot(state_2_3_1());
    EXPECT_EQ(count(dot, "fillcolor="), 6u);  // 2 inputs + 3 hidden + 1 output
    EXPECT_EQ(count(dot, "[penwidth="), 9u);   // 2·3 + 3·1 weights
    // Positive weights blue, negative red: 0.weight has 2 negative, 2.weight 1 negative.
    EXPECT_EQ(count(dot, "color=\"#2166ac"), 6u);
    EXPECT_EQ(count(dot, "color=\"#b2182b"), 3u);
    EXPECT_NE(dot.find("n0_1 -> n1_0 [penwidth=1.00, color=\"#b2182b"), std::string::npos);  // w = −0.5 of max 2
    EXPECT_NE(dot.find("b=+0.30"), std::string::npos);
    EXPECT_NE(dot.find("rankdir=LR"), std::string::npos);
}

TEST(NetworkGraph, WideLayersAreCutAndBadChainsThrow) {
    std::vector<NamedTensor> wide{{"0.weight", Tensor::zeros({40, 2})}, {"1.weight", Tensor::zeros({1, 40})}};
    NetworkGraphOptions options;
    options.max_units_per_layer = 5;
    auto dot = network_dot(wide, options);
    EXPECT_NE(dot.find("… 35 more"), std::string::npos);
    EXPECT_EQ(count(dot, "[penwidth="), 2u * 5 + 5 * 1);
    std::vector<NamedTensor> broken{{"0.weight", Tensor::zeros({3, 2})}, {"1.weight", Tensor::zeros({1, 4})}};
    EXPECT_THROW(network_dot(broken), ShapeError);
}

TEST(NetworkGraph, RenderWritesPngAndSvgAndRejectsBadInput) {
    TempDir dir;
    NetworkGraphOptions options;
    options.title = "2-3-1";
    auto dot = network_dot(state_2_3_1(), options);
    render_dot(dot, dir.file("net.png"));
    render_dot(dot, dir.file("net.svg"));
    auto image = detail::read_png(dir.file("net.png"));
    EXPECT_GT(image.width, 100);
    EXPECT_GT(image.height, 100);
    EXPECT_GT(std::filesystem::file_size(dir.file("net.svg")), 1000u);
    EXPECT_THROW(render_dot(dot, dir.file("net.gif")), ConfigError);
    EXPECT_THROW(render_dot("digraph { a -> ", dir.file("bad.png")), ConfigError);
    EXPECT_FALSE(std::filesystem::exists(dir.file("bad.png")));
}

TEST(Charts, GradientDescentUsesTheGradient) {
    auto f = function_2d("course");
    // ∇f = (3x, 2y): one step of η = 0.1 from (1, 1) gives (0.7, 0.8).
    auto path = gradient_descent(f, {1, 1}, 0.1, 2);
    ASSERT_EQ(path.size(), 3u);
    EXPECT_NEAR(path[1][0], 0.7, 1e-12);
    EXPECT_NEAR(path[1][1], 0.8, 1e-12);
    // η = 0.665757: x oscillates with factor 1 − 3η ≈ −0.997; η = 0.7 diverges (|1 − 2.1| > 1).
    auto edge = gradient_descent(f, {1, 1}, 0.665757, 10);
    EXPECT_NEAR(std::abs(edge[10][0]), std::pow(1 - 3 * 0.665757, 10) * 1, 1e-9);
    auto diverging = gradient_descent(f, {1, 1}, 0.7, 10);
    EXPECT_GT(std::abs(diverging[10][0]), 2.5);
    EXPECT_THROW(function_2d("nope"), ConfigError);
    TempDir dir;
    EXPECT_NO_THROW(save(gd_trajectories(f, f.start, {0.1, 0.001, 0.665757, 0.7}, 30), dir.file("gd.png")));
}

TEST(Charts, LossCurvesWeightsConfusionAndImagesRender) {
    TempDir dir;
    History history;
    for (int e = 1; e <= 5; ++e)
        history.epochs.push_back({e, 2.0 / e, 0.5 + 0.08 * e, e == 3 ? std::nan("") : 2.2 / e, 0.5 + 0.07 * e, 0.1, 0.1, 100, {}});
    auto loss = loss_curves(history);
    ASSERT_EQ(loss.panels.size(), 2u);
    EXPECT_EQ(loss.panels[0].series.size(), 2u);
    EXPECT_NO_THROW(save(loss, dir.file("loss.svg")));

    std::vector<NamedTensor> state{{"0.weight", Tensor::full({20, 784}, 0.1)}};
    auto weights = first_layer_weights(state, {28, 28}, 8);
    EXPECT_EQ(weights.panels.size(), 8u);
    EXPECT_EQ(weights.panels[0].background->colormap, ColorMap::diverging);
    EXPECT_NO_THROW(save(weights, dir.file("w.png")));
    EXPECT_THROW(first_layer_weights(state, {10, 10}), ShapeError);

    auto confusion = confusion_matrix_panel({{5, 1}, {2, 7}}, {"cat", "dog"}, "confusion");
    EXPECT_EQ(confusion.background->values, (std::vector<double>{5, 1, 2, 7}));
    EXPECT_EQ(confusion.y_categories, (std::vector<std::string>{"dog", "cat"}));  // true class 0 on top
    Figure grid = image_grid({std::vector<double>(784, 0.5), std::vector<double>(784, 1.0)}, {"7", "2"});
    grid.panels.push_back(confusion);
    EXPECT_NO_THROW(save(grid, dir.file("grid.png")));
}

TEST(Charts, ReadHistoryReadsJsonAndCsv) {
    TempDir dir;
    History h;
    h.epochs.push_back({1, 0.9, 0.6, std::nan(""), std::nan(""), 0.1, 0.5, 1000, {}});
    h.epochs.push_back({2, 0.5, 0.8, 0.6, 0.7, 0.1, 0.5, 1000, {}});
    test::write_file(dir.file("h.json"), h.to_json());
    test::write_file(dir.file("h.csv"), h.to_csv());
    for (const auto* name : {"h.json", "h.csv"}) {
        auto back = read_history(dir.file(name));
        ASSERT_EQ(back.epochs.size(), 2u) << name;
        EXPECT_DOUBLE_EQ(back.epochs[1].train_accuracy, 0.8) << name;
        EXPECT_TRUE(std::isnan(back.epochs[0].val_loss)) << name;
    }
    test::write_file(dir.file("bad.csv"), "a,b\n1,2\n");
    EXPECT_THROW(read_history(dir.file("bad.csv")), IoError);
    EXPECT_THROW(read_history(dir.file("missing.json")), IoError);
}

}  // namespace
}  // namespace axon::plot
