// Differential test against PyTorch: every optimiser, schedule and clip_grad_norm_ is compared with
// the values torch.optim produced for the same inputs (tests/data/optim_reference.json, written by
// tests/optim/make_optim_reference.py; see tests/optim/README.md to regenerate it).
#include <cmath>
#include <memory>
#include <stdexcept>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "axon/axon.hpp"
#include "axon/optim/adadelta.hpp"
#include "axon/optim/adagrad.hpp"
#include "axon/optim/adam.hpp"
#include "axon/optim/clip.hpp"
#include "axon/optim/rmsprop.hpp"
#include "axon/optim/schedule.hpp"
#include "axon/optim/sgd.hpp"
#include "layers/reference.hpp"

namespace axon {
namespace {

using nlohmann::json;

const json& optim_reference() {
    static const json data = test::read_json_fixture("optim_reference.json");
    return data;
}

Shape shape_of(const json& j) { return j.get<Shape>(); }

Tensor tensor_of(const json& values, const Shape& shape, DType dtype) {
    return Tensor::from(values.get<std::vector<double>>(), shape).to(dtype);
}

std::unique_ptr<Optimizer> make_optimizer(const json& c, std::vector<NamedParameter> params) {
    const std::string kind = c["optimizer"];
    const json& o = c["options"];
    if (kind == "sgd") {
        SGDOptions s;
        s.lr = o.value("lr", s.lr);
        s.momentum = o.value("momentum", s.momentum);
        s.dampening = o.value("dampening", s.dampening);
        s.nesterov = o.value("nesterov", s.nesterov);
        s.weight_decay = o.value("weight_decay", s.weight_decay);
        if (o.value("momentum_form", "heavy_ball") == "ema") s.momentum_form = MomentumForm::ema;
        return std::make_unique<SGD>(std::move(params), s);
    }
    if (kind == "adagrad") {
        AdagradOptions s;
        s.lr = o.value("lr", s.lr);
        s.lr_decay = o.value("lr_decay", s.lr_decay);
        s.initial_accumulator_value = o.value("initial_accumulator_value", s.initial_accumulator_value);
        s.eps = o.value("eps", s.eps);
        s.weight_decay = o.value("weight_decay", s.weight_decay);
        return std::make_unique<Adagrad>(std::move(params), s);
    }
    if (kind == "rmsprop") {
        RMSpropOptions s;
        s.lr = o.value("lr", s.lr);
        s.alpha = o.value("alpha", s.alpha);
        s.eps = o.value("eps", s.eps);
        s.momentum = o.value("momentum", s.momentum);
        s.centered = o.value("centered", s.centered);
        s.weight_decay = o.value("weight_decay", s.weight_decay);
        return std::make_unique<RMSprop>(std::move(params), s);
    }
    if (kind == "adam") {
        AdamOptions s;
        s.lr = o.value("lr", s.lr);
        s.beta1 = o.value("beta1", s.beta1);
        s.beta2 = o.value("beta2", s.beta2);
        s.eps = o.value("eps", s.eps);
        s.amsgrad = o.value("amsgrad", s.amsgrad);
        s.weight_decay = o.value("weight_decay", s.weight_decay);
        return std::make_unique<Adam>(std::move(params), s);
    }
    if (kind == "adamw") {
        AdamWOptions s;  // the default weight decay (1e-2) is exercised by "adamw_default_decay"
        s.lr = o.value("lr", s.lr);
        s.beta1 = o.value("beta1", s.beta1);
        s.beta2 = o.value("beta2", s.beta2);
        s.eps = o.value("eps", s.eps);
        s.amsgrad = o.value("amsgrad", s.amsgrad);
        s.weight_decay = o.value("weight_decay", s.weight_decay);
        return std::make_unique<AdamW>(std::move(params), s);
    }
    if (kind == "adadelta") {
        AdadeltaOptions s;
        s.lr = o.value("lr", s.lr);
        s.rho = o.value("rho", s.rho);
        s.eps = o.value("eps", s.eps);
        s.weight_decay = o.value("weight_decay", s.weight_decay);
        return std::make_unique<Adadelta>(std::move(params), s);
    }
    throw std::runtime_error("unknown optimizer kind " + kind);
}

// Largest |a − e| / (|e| + atol/rtol) scaled so that ≤ 1 passes: |a − e| ≤ rtol·|e| + atol.
struct OptimTolerance {
    double rtol, atol;
};

// Runs one fixture case in `dtype` and compares every parameter after every step with torch's.
void check_case(const json& c, DType dtype, OptimTolerance tol, double& worst_relative) {
    const std::string name = c["name"];
    std::vector<NamedParameter> params;
    std::vector<Shape> shapes;
    for (const json& p : c["params"]) {
        shapes.push_back(shape_of(p["shape"]));
        params.push_back({p["name"], tensor_of(p["initial"], shapes.back(), dtype).requires_grad_(), p["decay"]});
    }
    auto opt = make_optimizer(c, params);
    const json& expected = c[dtype == DType::f64 ? "expected_f64" : "expected_f32"];
    for (std::size_t step = 0; step < c["grads"].size(); ++step) {
        for (std::size_t i = 0; i < params.size(); ++i)
            params[i].tensor.set_grad(tensor_of(c["grads"][step][i], shapes[i], dtype));
        opt->step();
        for (std::size_t i = 0; i < params.size(); ++i) {
            const auto want = expected[step][i].get<std::vector<double>>();
            for (std::size_t k = 0; k < want.size(); ++k) {
                const double got = params[i].tensor.at(static_cast<std::int64_t>(k));
                const double err = std::abs(got - want[k]);
                if (want[k] != 0) worst_relative = std::max(worst_relative, err / std::abs(want[k]));
                ASSERT_LE(err, tol.rtol * std::abs(want[k]) + tol.atol)
                    << name << " (" << dtype_name(dtype) << ") step " << step + 1 << " parameter "
                    << params[i].name << " index " << k << ": axon " << got << " vs torch " << want[k];
            }
        }
    }
    EXPECT_EQ(opt->steps(), static_cast<std::int64_t>(c["grads"].size()));
}

TEST(OptimReference, FixtureCoversEveryOptimiser) {
    std::set<std::string> kinds, names;
    for (const json& c : optim_reference()["optimizers"]) {
        kinds.insert(c["optimizer"].get<std::string>());
        names.insert(c["name"].get<std::string>());
    }
    EXPECT_EQ(kinds, (std::set<std::string>{"sgd", "adagrad", "rmsprop", "adam", "adamw", "adadelta"}));
    for (const char* n : {"sgd", "sgd_heavy_ball", "sgd_nesterov", "sgd_weight_decay", "rmsprop_momentum",
                          "adam_weight_decay", "adam_amsgrad", "adamw_bias_exempt"})
        EXPECT_TRUE(names.count(n)) << n;
}

TEST(OptimReference, Float64MatchesTorchWithin1e10) {
    double worst = 0;
    for (const json& c : optim_reference()["optimizers"]) check_case(c, DType::f64, {1e-10, 1e-13}, worst);
    RecordProperty("worst_relative_error_f64", fmt::format("{:.3g}", worst));
}

TEST(OptimReference, Float32MatchesTorchWithin1e6) {
    // torch computed these in float32 too; both sides round each operation to float.
    double worst = 0;
    for (const json& c : optim_reference()["optimizers"]) check_case(c, DType::f32, {1e-6, 1e-7}, worst);
    RecordProperty("worst_relative_error_f32", fmt::format("{:.3g}", worst));
}

std::unique_ptr<Scheduler> make_scheduler(const json& c, Optimizer& opt) {
    const std::string kind = c["scheduler"];
    const json& o = c["options"];
    if (kind == "constant") return std::make_unique<ConstantLR>(opt, o.value("factor", 1.0), o.value("total_epochs", 0));
    if (kind == "step") return std::make_unique<StepLR>(opt, o["step_size"].get<std::int64_t>(), o.value("gamma", 0.1));
    if (kind == "exponential") return std::make_unique<ExponentialLR>(opt, o["gamma"].get<double>());
    if (kind == "cosine")
        return std::make_unique<CosineAnnealingLR>(opt, o["t_max"].get<std::int64_t>(), o.value("eta_min", 0.0));
    if (kind == "plateau") {
        PlateauOptions p;
        p.maximize = o.value("maximize", p.maximize);
        p.factor = o.value("factor", p.factor);
        p.patience = o.value("patience", p.patience);
        p.threshold = o.value("threshold", p.threshold);
        p.cooldown = o.value("cooldown", p.cooldown);
        p.min_lr = o.value("min_lr", p.min_lr);
        return std::make_unique<ReduceLROnPlateau>(opt, p);
    }
    throw std::runtime_error("unknown scheduler kind " + kind);
}

TEST(OptimReference, SchedulesMatchTorchLrSchedulerOver10Epochs) {
    for (const json& c : optim_reference()["schedules"]) {
        Tensor w = Tensor::zeros({1}, DType::f64).requires_grad_();
        SGD opt({w}, {.lr = c["base_lr"].get<double>()});
        auto schedule = make_scheduler(c, opt);
        const auto lrs = c["lrs"].get<std::vector<double>>();
        EXPECT_NEAR(opt.lr(), lrs[0], 1e-12 * lrs[0]) << c["name"] << " epoch 0";
        for (std::size_t e = 1; e < lrs.size(); ++e) {
            if (c["metrics"].is_null()) schedule->step();
            else schedule->step(c["metrics"][e - 1].get<double>());
            EXPECT_NEAR(opt.lr(), lrs[e], 1e-12 * lrs[0]) << c["name"] << " epoch " << e;
        }
        EXPECT_EQ(schedule->epoch(), static_cast<std::int64_t>(lrs.size() - 1));
    }
}

TEST(OptimReference, ClipGradNormMatchesTorch) {
    for (const json& c : optim_reference()["clip"]) {
        const double norm_type = c["norm_type"].is_string() ? INFINITY : c["norm_type"].get<double>();
        std::vector<Tensor> params;
        for (std::size_t i = 0; i < c["shapes"].size(); ++i) {
            const Shape shape = shape_of(c["shapes"][i]);
            params.push_back(Tensor::zeros(shape, DType::f64).requires_grad_());
            params.back().set_grad(tensor_of(c["grads"][i], shape, DType::f64));
        }
        const double norm = clip_grad_norm_(params, c["max_norm"].get<double>(), norm_type);
        EXPECT_NEAR(norm, c["norm"].get<double>(), 1e-12 * c["norm"].get<double>()) << c["name"];
        for (std::size_t i = 0; i < params.size(); ++i) {
            const auto want = c["clipped"][i].get<std::vector<double>>();
            for (std::size_t k = 0; k < want.size(); ++k)
                EXPECT_NEAR(params[i].grad().at(static_cast<std::int64_t>(k)), want[k], 1e-12 * std::abs(want[k]) + 1e-15)
                    << c["name"] << " parameter " << i << " index " << k;
        }
    }
}

}  // namespace
}  // namespace axon
