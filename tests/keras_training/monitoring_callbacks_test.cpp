// EarlyStopping, ReduceLROnPlateau and ModelCheckpoint driven through their hooks with
// synthetic logs on a tiny real model (used for stop_training, the learning rate, weights and
// saving), plus one fit that EarlyStopping ends. Expected behaviour is Keras 3's, worked out
// by hand in each test.
#include <algorithm>
#include <filesystem>
#include <functional>

#include "strata/keras/callbacks.hpp"
#include "strata/keras/layers.hpp"
#include "strata/keras/model.hpp"
#include "strata/op_error.hpp"
#include "training_test_support.hpp"

namespace {

namespace fs = std::filesystem;
using strata::Callback;
using strata::Logs;
using strata::Sequential;
using strata::Variable;
using training_test::error_of;

class MonitoringTest : public training_test::ReferenceTest {
 protected:
  MonitoringTest()
      : model_({strata::Input({1}),
                strata::Dense(1, {.use_bias = false, .kernel_initializer = "ones"})}) {
    model_.compile(strata::SGD(0.1), "mse");
  }

  Callback attach(Callback callback) {
    callback->set_model(&model_);
    callback->on_train_begin({});
    return callback;
  }

  // Feeds one value of `key` per epoch; returns the first epoch after which training was told
  // to stop, or -1.
  int run(Callback callback, const std::string& key, const std::vector<double>& values) {
    model_.set_stop_training(false);
    attach(callback);
    for (size_t epoch = 0; epoch < values.size(); ++epoch) {
      callback->on_epoch_end(int(epoch), {{"loss", 1.0}, {key, values[epoch]}});
      if (model_.stop_training()) return int(epoch);
    }
    return -1;
  }

  double learning_rate() const { return model_.optimizer()->learning_rate(); }
  Variable kernel() const { return model_->weights().at(0); }

  Sequential model_;
};

using strata::EarlyStopping;
using strata::ReduceLROnPlateau;

TEST_F(MonitoringTest, EarlyStoppingWaitsPatienceEpochsWithoutImprovement) {
  // val_loss improves at epoch 1, then not at 2 and 3: patience 2 runs out at epoch 3.
  EXPECT_EQ(run(EarlyStopping({.patience = 2}), "val_loss", {1.0, 0.9, 0.95, 0.93, 0.96}), 3);
  // Patience 0 stops at the first epoch without improvement, never at epoch 0.
  EXPECT_EQ(run(EarlyStopping({.patience = 0}), "val_loss", {1.0, 1.0}), 1);
  EXPECT_EQ(run(EarlyStopping({.patience = 3}), "val_loss", {1.0, 0.9, 0.8, 0.7, 0.6}), -1);
}

TEST_F(MonitoringTest, EarlyStoppingNeedsMoreThanMinDelta) {
  // 0.97 is better than 1.0 but not by more than 0.05.
  EXPECT_EQ(run(EarlyStopping({.min_delta = 0.05, .patience = 1}), "val_loss", {1.0, 0.97}), 1);
  EXPECT_EQ(run(EarlyStopping({.min_delta = 0.05, .patience = 1}), "val_loss", {1.0, 0.9}), -1);
  // The sign of min_delta does not matter, as in Keras.
  EXPECT_EQ(run(EarlyStopping({.min_delta = -0.05, .patience = 1}), "val_loss", {1.0, 0.97}), 1);
}

TEST_F(MonitoringTest, EarlyStoppingMaximisesAccuracyInAutoMode) {
  EXPECT_EQ(run(EarlyStopping({.monitor = "val_accuracy", .patience = 1}), "val_accuracy",
                {0.5, 0.6, 0.7, 0.65}),
            3);
  // Explicit "min" on an accuracy: the rise at epoch 1 is no improvement.
  EXPECT_EQ(run(EarlyStopping({.monitor = "val_accuracy", .patience = 1, .mode = "min"}),
                "val_accuracy", {0.5, 0.6}),
            1);
}

TEST_F(MonitoringTest, EarlyStoppingCountsEpochsThatMissTheBaseline) {
  // Improving epochs that do not beat the baseline keep counting towards patience.
  EXPECT_EQ(run(EarlyStopping({.patience = 3, .baseline = 0.5}), "val_loss", {0.9, 0.8, 0.85}), 2);
  EXPECT_EQ(run(EarlyStopping({.patience = 3}), "val_loss", {0.9, 0.8, 0.85}), -1);
  EXPECT_EQ(run(EarlyStopping({.patience = 3, .baseline = 0.5}), "val_loss", {0.4, 0.3, 0.35}), -1);
}

TEST_F(MonitoringTest, EarlyStoppingIgnoresEpochsBeforeStartFromEpoch) {
  EXPECT_EQ(run(EarlyStopping({.patience = 0}), "val_loss", {1, 2, 3, 4}), 1);
  EXPECT_EQ(run(EarlyStopping({.patience = 0, .start_from_epoch = 2}), "val_loss", {1, 2, 3, 4}),
            3);
}

TEST_F(MonitoringTest, EarlyStoppingWithoutTheMonitoredValueNeverStops) {
  Callback stopper = attach(EarlyStopping({.patience = 0}));
  model_.set_stop_training(false);
  for (int epoch = 0; epoch < 3; ++epoch) stopper->on_epoch_end(epoch, {{"loss", 1.0}});
  EXPECT_FALSE(model_.stop_training());
}

TEST_F(MonitoringTest, EarlyStoppingRestoresTheBestWeights) {
  Callback stopper = attach(EarlyStopping({.patience = 5, .restore_best_weights = true}));
  const std::vector<double> val_loss{1.0, 0.5, 0.8};
  for (int epoch = 0; epoch < 3; ++epoch) {
    // The weights as they stand at the end of each epoch: 10, 20, 30.
    kernel().assign(strata::Tensor::full({1, 1}, 10.0 * (epoch + 1)));
    stopper->on_epoch_end(epoch, {{"val_loss", val_loss[size_t(epoch)]}});
  }
  EXPECT_EQ(kernel().value().item<double>(), 30.0);
  stopper->on_train_end({});
  EXPECT_EQ(kernel().value().item<double>(), 20.0);
}

TEST_F(MonitoringTest, EarlyStoppingRefusesAnUnknownMode) {
  EXPECT_NE(error_of([] { EarlyStopping({.mode = "maximum"}); }).find("\"maximum\""),
            std::string::npos);
}

TEST_F(MonitoringTest, EarlyStoppingEndsFit) {
  // With a learning rate of 0 the loss never improves: Keras's docstring example runs epochs 0
  // and 1 with patience 0 and stops.
  model_.compile(strata::SGD(0.0), "mse");
  const strata::History history =
      model_.fit(strata::Tensor::ones({4, 1}), strata::Tensor::zeros({4, 1}),
                 {.epochs = 10, .verbose = 0, .callbacks = {EarlyStopping({.monitor = "loss"})}});
  EXPECT_EQ(history.epoch, (std::vector<int>{0, 1}));
}

// The learning rate after each epoch of a run.
std::vector<double> lr_trace(Callback callback, const std::vector<double>& values,
                             const std::function<double()>& learning_rate,
                             const std::string& key = "val_loss") {
  callback->on_train_begin({});
  std::vector<double> trace;
  for (size_t epoch = 0; epoch < values.size(); ++epoch) {
    callback->on_epoch_end(int(epoch), {{key, values[epoch]}});
    trace.push_back(learning_rate());
  }
  return trace;
}

void expect_trace(const std::vector<double>& actual, const std::vector<double>& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t i = 0; i < actual.size(); ++i) EXPECT_NEAR(actual[i], expected[i], 1e-15) << i;
}

TEST_F(MonitoringTest, ReduceLROnPlateauCutsTheRateAfterPatienceEpochs) {
  Callback reducer = attach(ReduceLROnPlateau({.factor = 0.5, .patience = 2}));
  // Epoch 0 sets the best; 1 and 2 are flat (wait 1, 2): reduce; 3 and 4 again.
  expect_trace(lr_trace(reducer, {1, 1, 1, 1, 1}, [&] { return learning_rate(); }),
               {0.1, 0.1, 0.05, 0.05, 0.025});
}

TEST_F(MonitoringTest, ReduceLROnPlateauCoolsDown) {
  Callback reducer = attach(ReduceLROnPlateau({.factor = 0.5, .patience = 2, .cooldown = 2}));
  // Reduced at epoch 2; epochs 3 and 4 cool down (the wait restarts at epoch 4); 5 reduces.
  expect_trace(lr_trace(reducer, {1, 1, 1, 1, 1, 1}, [&] { return learning_rate(); }),
               {0.1, 0.1, 0.05, 0.05, 0.05, 0.025});
}

TEST_F(MonitoringTest, ReduceLROnPlateauStopsAtMinLr) {
  Callback reducer = attach(ReduceLROnPlateau({.factor = 0.1, .patience = 1, .min_lr = 0.005}));
  expect_trace(lr_trace(reducer, {1, 1, 1}, [&] { return learning_rate(); }), {0.1, 0.01, 0.005});
}

TEST_F(MonitoringTest, ReduceLROnPlateauNeedsMoreThanMinDelta) {
  // Falls of 1e-5 are below the default min_delta of 1e-4: a plateau.
  Callback reducer = attach(ReduceLROnPlateau({.patience = 1}));
  expect_trace(lr_trace(reducer, {1.0, 0.99999, 0.99998}, [&] { return learning_rate(); }),
               {0.1, 0.01, 0.001});
  // Rising accuracy is progress in auto mode.
  model_.optimizer()->set_learning_rate(0.1);
  Callback accuracy = attach(ReduceLROnPlateau({.monitor = "val_acc", .patience = 1}));
  expect_trace(lr_trace(
                   accuracy, {0.5, 0.6, 0.7}, [&] { return learning_rate(); }, "val_acc"),
               {0.1, 0.1, 0.1});
}

TEST_F(MonitoringTest, ReduceLROnPlateauRefusesAFactorOfOneOrMore) {
  EXPECT_NE(error_of([] { ReduceLROnPlateau({.factor = 1.0}); }).find("factor >= 1.0"),
            std::string::npos);
}

// ---- ModelCheckpoint ------------------------------------------------------------------------

std::vector<std::string> files_in(const fs::path& folder) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(folder)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

TEST_F(MonitoringTest, ModelCheckpointSavesEveryEpochUnderItsFormattedName) {
  const fs::path folder = training_test::scratch_folder("ckpt_every");
  Callback checkpoint = attach(
      strata::ModelCheckpoint((folder / "sub" / "w-{epoch:02d}-{val_loss:.2f}.strata").string(),
                              {.save_weights_only = true}));
  checkpoint->on_epoch_end(0, {{"val_loss", 0.5}});
  checkpoint->on_epoch_end(1, {{"val_loss", 0.25}});
  EXPECT_EQ(files_in(folder / "sub"),
            (std::vector<std::string>{"w-01-0.50.strata", "w-02-0.25.strata"}));
}

TEST_F(MonitoringTest, ModelCheckpointWithSaveBestOnlySavesImprovements) {
  const fs::path folder = training_test::scratch_folder("ckpt_best");
  Callback checkpoint = attach(
      strata::ModelCheckpoint((folder / "m-{epoch}.strata").string(), {.save_best_only = true}));
  const std::vector<double> val_loss{1.0, 1.2, 0.8, 0.8};
  for (int epoch = 0; epoch < 4; ++epoch) {
    checkpoint->on_epoch_end(epoch, {{"val_loss", val_loss[size_t(epoch)]}});
  }
  EXPECT_EQ(files_in(folder), (std::vector<std::string>{"m-1.strata", "m-3.strata"}));
}

TEST_F(MonitoringTest, ModelCheckpointWritesAWholeModelThatLoadsBack) {
  const fs::path file = training_test::scratch_folder("ckpt_model") / "model.strata";
  Callback checkpoint = attach(strata::ModelCheckpoint(file.string()));
  kernel().assign(strata::Tensor::full({1, 1}, 3.5));
  checkpoint->on_epoch_end(0, {{"val_loss", 1.0}});
  const strata::Model loaded = strata::load_model(file.string());
  EXPECT_EQ(loaded->weights().at(0).value().item<double>(), 3.5);
}

TEST_F(MonitoringTest, ModelCheckpointReplacesFilesAtomically) {
  // A save writes a new file and renames it over the old one; it never rewrites the old file
  // in place, so a reader holding the old file (here a hard link to it) still sees it whole,
  // and no temporary file is left behind.
  const fs::path folder = training_test::scratch_folder("ckpt_atomic");
  const fs::path file = folder / "weights.strata";
  Callback checkpoint = attach(strata::ModelCheckpoint(file.string(), {.save_weights_only = true}));
  checkpoint->on_epoch_end(0, {{"val_loss", 1.0}});
  const std::string first = training_test::read_text(file);
  fs::create_hard_link(file, folder / "reader.strata");
  kernel().assign(strata::Tensor::full({1, 1}, -7.0));
  checkpoint->on_epoch_end(1, {{"val_loss", 0.5}});
  EXPECT_EQ(training_test::read_text(folder / "reader.strata"), first);
  EXPECT_NE(training_test::read_text(file), first);
  EXPECT_EQ(files_in(folder), (std::vector<std::string>{"reader.strata", "weights.strata"}));
}

TEST_F(MonitoringTest, ModelCheckpointReportsAPathItCannotFill) {
  const fs::path folder = training_test::scratch_folder("ckpt_bad");
  Callback checkpoint = attach(strata::ModelCheckpoint((folder / "m-{val_acc}.strata").string()));
  const std::string message = error_of([&] { checkpoint->on_epoch_end(0, {{"loss", 1.0}}); });
  EXPECT_NE(message.find("\"val_acc\""), std::string::npos) << message;
  EXPECT_TRUE(files_in(folder).empty());
}

TEST_F(MonitoringTest, CallbacksNeedAModel) {
  Callback stopper = EarlyStopping({.patience = 0});
  stopper->on_train_begin({});
  stopper->on_epoch_end(0, {{"val_loss", 1.0}});
  EXPECT_NE(error_of([&] {
              stopper->on_epoch_end(1, {{"val_loss", 2.0}});
            }).find("Model::fit"),
            std::string::npos);
}

}  // namespace
