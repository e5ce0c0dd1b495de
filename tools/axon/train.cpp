// axon train: builds a model, trains it on a data set, reports progress, writes the model,
// metrics and checkpoints. With no flags it trains an MLP on Fashion-MNIST.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <optional>

#include "axon/axon.hpp"
#include "axon/io/data_spec.hpp"
#include "axon/io/model_file.hpp"
#include "axon/io/safetensors.hpp"
#include "axon/layers/architecture.hpp"
#include "axon/optim/factory.hpp"
#include "axon/threads.hpp"
#include "axon/train/trainer.hpp"
#include "axon/report/report.hpp"
#include "commands.hpp"
#include "report_cli.hpp"
#include "run_io.hpp"

namespace axon::cli {

namespace {

// The main job's recipe: SGD with heavy-ball momentum 0.9 and η = 0.05 trains the default MLP on
// Fashion-MNIST to ~89% in 10 epochs. Other optimisers default to torch.optim's learning rates.
constexpr double kDefaultSgdLr = 0.05;
constexpr double kDefaultSgdMomentum = 0.9;

struct TrainOptions {
    std::string data, test, arch, loss, init, out, best, metrics_json, history_csv, checkpoint, resume;
    std::vector<std::int64_t> layers{256, 128};
    std::string activation = "relu";
    OptimizerSettings optimizer;
    double dropout = 0;
    bool batch_norm = false;
    std::int64_t batch_size = 128, epochs = 10, early_stop = 0;
    bool no_shuffle = false, standardize = false, quiet = false;
    std::string schedule = "constant";
    std::uint64_t seed = 0;
    int threads = 0;
    double val_split = 0, clip = 0;
    std::string report_dir, serve;  // serve: "" = off, else the port
    bool serve_wait = false;
};

nlohmann::json settings_json(const TrainOptions& o, const std::string& arch, LossKind loss) {
    return {{"data", o.data},
            {"test", o.test},
            {"architecture", arch},
            {"loss", loss_name(loss)},
            {"optimizer", o.optimizer.name},
            {"lr", o.optimizer.lr},
            {"momentum", o.optimizer.momentum},
            {"momentum_form", o.optimizer.momentum_form},
            {"nesterov", o.optimizer.nesterov},
            {"weight_decay", o.optimizer.weight_decay},
            {"batch_size", o.batch_size},
            {"epochs", o.epochs},
            {"shuffle", !o.no_shuffle},
            {"schedule", o.schedule},
            {"seed", o.seed},
            {"val_split", o.val_split},
            {"early_stop", o.early_stop},
            {"clip_grad_norm", o.clip},
            {"standardize", o.standardize}};
}

// The options a checkpoint fixes: a resumed run must train exactly as the interrupted one would have.
void restore_options(TrainOptions& o, const nlohmann::json& s) {
    o.data = s.at("data");
    o.test = s.at("test");
    o.arch = s.at("architecture");
    o.loss = s.at("loss");
    o.optimizer.name = s.at("optimizer");
    o.optimizer.lr = s.at("lr");
    o.optimizer.momentum = s.at("momentum");
    o.optimizer.momentum_form = s.at("momentum_form");
    o.optimizer.nesterov = s.at("nesterov");
    o.optimizer.weight_decay = s.at("weight_decay");
    o.batch_size = s.at("batch_size");
    o.no_shuffle = !s.at("shuffle").get<bool>();
    o.schedule = s.at("schedule");
    o.seed = s.at("seed");
    o.val_split = s.at("val_split");
    o.early_stop = s.at("early_stop");
    o.clip = s.at("clip_grad_norm");
    o.standardize = s.at("standardize");
}

void run_train(TrainOptions o) {
    auto wall_start = std::chrono::steady_clock::now();
    std::optional<ModelFile> resumed;
    History resumed_history;
    if (!o.resume.empty()) {
        resumed = load_model_file(o.resume);
        auto s = resumed->info.find("settings");
        if (s == resumed->info.end() || resumed->info.find("epoch") == resumed->info.end())
            throw IoError(fmt::format("train: '{}' is a model, not a checkpoint (no training state)", o.resume));
        const std::int64_t epochs = o.epochs;
        restore_options(o, nlohmann::json::parse(s->second));
        o.epochs = epochs;
        resumed_history = History::from_json(resumed->info.at("history"));
    }
    if (o.threads > 0) set_num_threads(o.threads);
    if (o.optimizer.name == "sgd" && o.optimizer.lr == 0) o.optimizer.lr = kDefaultSgdLr;
    if (o.data.empty()) {
        o.data = std::filesystem::is_directory(kFashionMnistDir) ? "fashion-mnist" : "synthetic:spirals";
        if (!o.quiet)
            std::fprintf(stderr, "axon: no --data given: using %s\n",
                         o.data == "fashion-mnist" ? "Fashion-MNIST from " "/usr/share/datasets/fashion-mnist"
                                                   : "the synthetic spirals (Fashion-MNIST is not installed; "
                                                     "scripts/install-deps installs it)");
    }
    DataSource source = load_data_spec(o.data);
    Dataset train = std::move(source.train), test = std::move(source.test);
    if (!o.test.empty()) {
        DataSource t = load_data_spec(o.test);
        test = std::move(t.train);
    }
    if (test.empty()) {  // no test split of its own: a seeded 20% hold-out
        const std::string name = train.name();
        TrainValSplit split = train_val_split(train, kHoldOutFraction, hold_out_seed(o.seed));
        train = std::move(split.train);
        test = std::move(split.val);
        train.set_name(name + " (80% for training)");
        test.set_name(name + " (20% hold-out)");
    }
    Dataset validation;
    if (o.val_split > 0) {
        TrainValSplit split = train_val_split(train, o.val_split, o.seed + 2);
        train = std::move(split.train);
        validation = std::move(split.val);
    }
    if (test.num_features() != train.num_features())
        throw ShapeError(fmt::format("train: the test set has {} features, the training set {}", test.num_features(),
                                     train.num_features()));
    nlohmann::json transform = nlohmann::json::object();
    if (o.standardize) {
        FeatureScaler scaler = FeatureScaler::fit_standardize(train);
        for (Dataset* d : {&train, &test, &validation})
            if (!d->empty()) scaler.apply(*d);
        transform = {{"feature_shift", scaler.shift}, {"feature_mul", scaler.mul}};
    }

    const bool regression = train.task() == Task::regression;
    LossKind loss = o.loss.empty() ? (regression ? LossKind::mse : LossKind::cross_entropy) : parse_loss(o.loss);
    const bool binary_loss = loss == LossKind::bce || loss == LossKind::bce_with_logits;
    const std::int64_t outputs = regression ? train.num_targets() : (binary_loss ? 1 : train.num_classes());
    std::string arch = o.arch;
    if (arch.empty()) {
        std::string hidden;
        for (std::int64_t h : o.layers) {
            hidden += fmt::format("{}, ", h);
            if (o.batch_norm) hidden += "batchnorm, ";
            hidden += o.activation + ", ";
            if (o.dropout > 0) hidden += fmt::format("dropout({}), ", o.dropout);
        }
        arch = hidden + std::to_string(outputs);
        if (loss == LossKind::bce) arch += ", sigmoid";
    }
    if (output_width(arch, train.num_features()) != outputs)
        throw ConfigError(fmt::format("train: the architecture '{}' ends with {} outputs, the data and loss need {}",
                                      arch, output_width(arch, train.num_features()), outputs));

    manual_seed(o.seed);
    Generator init_generator(o.seed);
    auto model = build_architecture(arch, train.num_features(), init_generator);
    if (!o.init.empty()) load_state_dict(*model, load_safetensors(o.init).tensors, o.init);
    auto optimizer = make_optimizer(o.optimizer, model->named_parameters());
    auto scheduler = make_scheduler(o.schedule, *optimizer, o.epochs);

    TrainerConfig config;
    config.epochs = o.epochs;
    config.batch_size = o.batch_size;
    config.shuffle = !o.no_shuffle;
    config.loss = loss;
    config.seed = o.seed;
    config.early_stop = o.early_stop;
    config.clip_grad_norm = o.clip;
    config.progress = !o.quiet;
    config.track_norms = !o.report_dir.empty() || !o.serve.empty();  // the report draws them
    Trainer trainer(*model, *optimizer, config);

    std::int64_t start_epoch = 0;
    if (resumed) {
        load_state_dict(*model, resumed->model_state, o.resume);
        std::vector<NamedTensor> optimizer_state, scheduler_state;
        for (auto& t : resumed->optimizer_state) {
            if (t.name.rfind("scheduler.", 0) == 0) scheduler_state.push_back({t.name.substr(10), t.tensor});
            else optimizer_state.push_back(t);
        }
        optimizer->load_state_dict(optimizer_state);
        scheduler->load_state_dict(scheduler_state);
        start_epoch = std::stoll(resumed->info.at("epoch"));
        trainer.set_step(std::stoll(resumed->info.at("step")));
        trainer.shuffle_generator().set_state(resumed->info.at("shuffle_rng"));
        default_generator().set_state(resumed->info.at("rng"));
        trainer.history().epochs = resumed_history.epochs;
        if (start_epoch >= o.epochs)
            throw ConfigError(fmt::format("train: the checkpoint '{}' is at epoch {}; ask for more with --epochs (got {})",
                                          o.resume, start_epoch, o.epochs));
    }

    const Dataset& watched = validation.empty() ? test : validation;
    if (!o.quiet) {
        std::fprintf(stderr, "data: %s\n", train.description().c_str());
        std::fprintf(stderr, "%s: %s\n", validation.empty() ? "test (evaluated every epoch)" : "validation",
                     watched.description().c_str());
        std::fprintf(stderr, "model: %s → %s (%lld parameters)\n", std::to_string(train.num_features()).c_str(),
                     arch.c_str(), static_cast<long long>([&] {
                         std::int64_t n = 0;
                         for (auto& p : model->parameters()) n += p.numel();
                         return n;
                     }()));
        std::fprintf(stderr, "training: %s, %s lr %g, batch %lld, %lld epochs%s\n", loss_name(loss),
                     optimizer->name().c_str(), optimizer->lr(), static_cast<long long>(o.batch_size),
                     static_cast<long long>(o.epochs), resumed ? fmt::format(", resumed at epoch {}", start_epoch).c_str() : "");
    }

    nlohmann::json settings = settings_json(o, arch, loss);
    settings.update(transform);
    auto model_file = [&](bool with_training_state, std::int64_t epoch) {
        ModelFile f;
        f.architecture = arch;
        f.in_features = train.num_features();
        f.model_state = state_dict(*model);
        f.info["settings"] = settings.dump();
        f.info["task"] = task_name(train.task());
        f.info["num_classes"] = std::to_string(train.num_classes());
        if (with_training_state) {
            f.optimizer_state = optimizer->state_dict();
            for (auto& t : scheduler->state_dict()) f.optimizer_state.push_back({"scheduler." + t.name, t.tensor});
            f.info["epoch"] = std::to_string(epoch);
            f.info["step"] = std::to_string(trainer.step());
            f.info["shuffle_rng"] = trainer.shuffle_generator().state();
            f.info["rng"] = default_generator().state();
            f.info["history"] = trainer.history().to_json();
        }
        return f;
    };
    auto run_info = [&](const char* status, nlohmann::json final_metrics) {
        report::RunInfo info;
        info.title = train.name();
        info.status = status;
        info.architecture = arch;
        info.settings = settings;
        info.metrics = std::move(final_metrics);
        info.history = trainer.history();
        info.train_description = train.description();
        info.watched_name = validation.empty() ? "test" : "validation";
        return info;
    };
    std::unique_ptr<LiveServer> server;
    if (!o.serve.empty()) {
        server = std::make_unique<LiveServer>(std::stoi(o.serve));
        server->publish(report::run_json(run_info("training", nlohmann::json::object()), *model, test));
        std::fprintf(stderr, "axon: serving the live report at %s\n", server->url().c_str());
    }
    trainer.on_epoch_end = [&](const EpochEnd& end) {
        if (server) server->publish(report::run_json(run_info("training", nlohmann::json::object()), *model, test));
        // The schedule watches the validation loss (the test loss without a validation split).
        scheduler->step(std::isfinite(end.record.val_loss) ? end.record.val_loss : end.record.train_loss);
        if (!o.checkpoint.empty()) save_model_file(o.checkpoint, model_file(true, end.record.epoch));
        if (!o.best.empty() && end.improved) {
            ModelFile f = model_file(false, end.record.epoch);
            f.info["best_epoch"] = std::to_string(end.record.epoch);
            save_model_file(o.best, f);
        }
    };
    History history = trainer.fit(train, watched, start_epoch);
    Evaluation final_train = trainer.evaluate(train);
    Evaluation final_test = trainer.evaluate(test);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
    double train_seconds = 0, train_samples = 0;
    for (const auto& e : history.epochs) {
        train_seconds += e.seconds;
        train_samples += e.samples_per_second * e.seconds;
    }
    const std::string metric = history.metric_name;
    nlohmann::json metrics = {{"train_loss", final_train.loss},
                              {"train_" + metric, final_train.accuracy},
                              {"test_loss", final_test.loss},
                              {"test_" + metric, final_test.accuracy},
                              {"samples_per_second", train_seconds > 0 ? train_samples / train_seconds : 0.0},
                              {"seconds", seconds},
                              {"stopped_early", history.stopped_early}};
    if (!o.out.empty()) {
        ModelFile f = model_file(false, 0);
        f.info["metrics"] = metrics.dump();
        save_model_file(o.out, f);
    }
    if (!o.metrics_json.empty()) {
        nlohmann::json out = metrics;
        out["epochs"] = nlohmann::json::parse(history.to_json())["epochs"];
        out["settings"] = settings_json(o, arch, loss);
        write_text(o.metrics_json, out.dump(2) + "\n", "metrics-json");
    }
    if (!o.history_csv.empty()) write_text(o.history_csv, history.to_csv(), "history-csv");
    if (!o.report_dir.empty() || server) {
        const nlohmann::json run = report::run_json(run_info("finished", metrics), *model, test);
        if (server) server->publish(run);
        if (!o.report_dir.empty()) {
            ModelFile f = model_file(false, 0);
            f.info["metrics"] = metrics.dump();
            write_run_directory(o.report_dir, run, f);
            std::printf("report written to %s\n", (std::filesystem::path(o.report_dir) / "report.html").c_str());
        }
    }
    std::printf("test %s: %s  (test loss %.4f, %s)\n", metric == "accuracy" ? "accuracy" : "R²",
                metric == "accuracy" ? fmt::format("{:.2f}%", 100 * final_test.accuracy).c_str()
                                     : fmt::format("{:.4f}", final_test.accuracy).c_str(),
                final_test.loss, test.description().c_str());
    if (!o.out.empty()) std::printf("model written to %s\n", o.out.c_str());
    if (server && o.serve_wait) {
        std::printf("serving the finished report at %s until interrupted (Ctrl-C)\n", server->url().c_str());
        std::fflush(stdout);
        server->wait();
    }
}

}  // namespace

void add_train(CLI::App& app) {
    auto o = std::make_shared<TrainOptions>();
    CLI::App* cmd = app.add_subcommand("train", "train a model on a data set (default: an MLP on Fashion-MNIST)");
    cmd->add_option("--data", o->data,
                    "mnist:DIR | idx:DIR | fashion-mnist | csv:FILE[:label=COL] | synthetic:NAME[:n=N,noise=S,seed=K]");
    cmd->add_option("--test", o->test, "evaluation set (default: the data set's test split, else a seeded 20% hold-out)");
    cmd->add_option("--layers", o->layers, "hidden layer sizes, e.g. 256,128")->delimiter(',');
    cmd->add_option("--activation", o->activation, "hidden activation (relu, tanh, sigmoid, gelu, ...)");
    cmd->add_option("--arch", o->arch, "architecture string, e.g. \"256, relu, dropout(0.2), 10\" (see README)");
    cmd->add_option("--loss", o->loss, "cross_entropy | mse | se | bce_with_logits | bce");
    cmd->add_option("--optimizer", o->optimizer.name, "sgd | adagrad | rmsprop | adam | adamw | adadelta");
    cmd->add_option("--lr", o->optimizer.lr, "learning rate (default: 0.05 for sgd, else torch.optim's default)")
        ->check(kPositive);
    cmd->add_option("--momentum", o->optimizer.momentum, "momentum β (sgd: default 0.9; rmsprop: 0)")->check(CLI::Range(0.0, 0.999999));
    cmd->add_option("--momentum-form", o->optimizer.momentum_form, "heavy-ball (PyTorch) | ema (note 003)");
    cmd->add_flag("--nesterov", o->optimizer.nesterov, "Nesterov momentum (sgd)");
    cmd->add_option("--weight-decay", o->optimizer.weight_decay, "L2 weight decay on weights (not biases)")
        ->check(kNonNegative);
    cmd->add_option("--dropout", o->dropout, "dropout after each hidden layer")->check(CLI::Range(0.0, 0.999));
    cmd->add_flag("--batch-norm", o->batch_norm, "batch normalisation before each hidden activation");
    cmd->add_option("--batch-size", o->batch_size, "minibatch size; 0 = full batch")->check(kNonNegative);
    cmd->add_option("--epochs", o->epochs, "epochs (with --resume: the total to reach)")->check(kPositive);
    cmd->add_flag("--no-shuffle", o->no_shuffle, "keep the data order");
    cmd->add_option("--schedule", o->schedule, "constant | step | exponential | cosine | plateau");
    cmd->add_option("--seed", o->seed, "seed for initialisation, shuffling, dropout and splits");
    cmd->add_option("--threads", o->threads, "threads for the arithmetic")->check(kPositive);
    cmd->add_option("--val-split", o->val_split, "fraction of the training set held out for validation")
        ->check(CLI::Range(0.0, 0.9));
    cmd->add_option("--early-stop", o->early_stop, "stop after N epochs without a better validation loss")
        ->check(kNonNegative);
    cmd->add_option("--clip-grad-norm", o->clip, "clip the gradients' global norm")->check(kNonNegative);
    cmd->add_flag("--standardize", o->standardize, "standardise features (fit on the training set)");
    cmd->add_option("--init", o->init, "initial weights from a safetensors file (PyTorch state_dict names)");
    cmd->add_option("--out", o->out, "write the trained model here");
    cmd->add_option("--save-best", o->best, "write the model of the epoch with the best validation loss here");
    cmd->add_option("--checkpoint", o->checkpoint, "write a resumable checkpoint here after every epoch");
    cmd->add_option("--resume", o->resume, "continue the run saved in this checkpoint");
    cmd->add_option("--metrics-json", o->metrics_json, "write final metrics and per-epoch history as JSON");
    cmd->add_option("--history-csv", o->history_csv, "write the per-epoch history as CSV");
    cmd->add_option("--report", o->report_dir, "write the run directory: run.json, model.axon, report.html");
    cmd->add_option("--serve", o->serve, "serve the live report on 127.0.0.1:PORT while training (default 8080)")
        ->expected(0, 1);
    cmd->add_flag("--serve-wait", o->serve_wait, "with --serve: keep serving after training until interrupted");
    cmd->add_flag("--quiet", o->quiet, "no progress output");
    cmd->callback([o, cmd] {
        TrainOptions options = *o;
        if (cmd->count("--serve") > 0 && options.serve.empty()) options.serve = "8080";
        if (!options.serve.empty()) {
            char* end = nullptr;
            const long port = std::strtol(options.serve.c_str(), &end, 10);
            if (*end != '\0' || port < 1 || port > 65535)
                throw ConfigError(fmt::format("train: --serve takes a port in 1..65535 (got '{}')", options.serve));
        }
        if (options.serve_wait && options.serve.empty()) throw ConfigError("train: --serve-wait needs --serve");
        if (options.optimizer.name == "sgd" && cmd->count("--momentum") == 0)
            options.optimizer.momentum = kDefaultSgdMomentum;
        run_train(options);
    });
}

}  // namespace axon::cli
