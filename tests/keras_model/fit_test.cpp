// fit: learning a separable problem, validation_split from the end, validation_data,
// deterministic shuffling, epoch numbering, callbacks and stop_training.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <regex>
#include <sstream>

#include "dataset.hpp"
#include "model_test_support.hpp"
#include "strata/keras/callbacks.hpp"
#include "strata/op_error.hpp"

namespace model_test {
namespace {

using strata::Callback;
using strata::CallbackImpl;
using strata::Dense;
using strata::FitOptions;
using strata::History;
using strata::Input;
using strata::Logs;
using strata::Sequential;

class FitTest : public ModelTest {};

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

Sequential classifier() {
  return Sequential({Input({2}), Dense(8, "relu"), Dense(1, "sigmoid")});
}

TEST_F(FitTest, LearnsTwoSeparableBlobs) {
  const Blobs data = two_blobs(256, 7);
  Sequential model = classifier();
  model.compile(strata::Adam(0.05), "binary_crossentropy", {"accuracy"});
  const History history = model.fit(data.x, data.y, {.batch_size = 32, .epochs = 4, .verbose = 0});
  ASSERT_EQ(history.epoch, (std::vector<int>{0, 1, 2, 3}));
  ASSERT_EQ(history.history.at("accuracy").size(), 4u);
  EXPECT_LT(history.history.at("loss").back(), history.history.at("loss").front());
  EXPECT_GE(history.history.at("accuracy").back(), 0.95);
  const Logs scores = model.evaluate(data.x, data.y, {.verbose = 0});
  ASSERT_EQ(scores.size(), 2u);
  EXPECT_EQ(scores[0].first, "accuracy");  // Keras's logs are sorted by key
  EXPECT_EQ(scores[1].first, "loss");
  EXPECT_GE(scores[0].second, 0.95);
}

// A model whose output is 0 whatever its weights (x is 0, no bias): the MSE on a set is the
// mean of y squared over exactly the samples in it.
Sequential constant_model() {
  return Sequential({Input({1}), Dense(1, {.use_bias = false, .kernel_initializer = "ones"})});
}

TEST_F(FitTest, ValidationSplitTakesTheLastSamplesBeforeShuffling) {
  std::vector<float> y(10);
  for (size_t i = 0; i < y.size(); ++i) y[i] = static_cast<float>(i);
  Sequential model = constant_model();
  model.compile(strata::SGD(0.01), "mse");
  const History history =
      model.fit(Tensor::zeros({10, 1}), Tensor::from(y, Shape{10, 1}),
                {.batch_size = 3, .epochs = 2, .verbose = 0, .validation_split = 0.2});
  // Training: samples 0..7, batches of 3, 3 and 2, weighted by size: (0+1+...+49)/8.
  EXPECT_NEAR(history["loss"][0], 17.5, 1e-4);
  EXPECT_NEAR(history["loss"][1], 17.5, 1e-4);
  // Validation: the last two samples, 8 and 9: (64 + 81) / 2.
  EXPECT_NEAR(history["val_loss"][0], 72.5, 1e-4);
  EXPECT_NEAR(history["val_loss"][1], 72.5, 1e-4);
}

TEST_F(FitTest, ValidationSplitMustLeaveBothParts) {
  Sequential model = constant_model();
  model.compile("sgd", "mse");
  // floor(3 * 0.3) = 0 samples would be left to train on.
  EXPECT_THROW(model.fit(Tensor::zeros({3, 1}), Tensor::zeros({3, 1}),
                         {.verbose = 0, .validation_split = 0.7}),
               strata::ValueError);
  EXPECT_THROW(model.fit(Tensor::zeros({3, 1}), Tensor::zeros({3, 1}),
                         {.verbose = 0, .validation_split = 1.5}),
               strata::ValueError);
}

TEST_F(FitTest, ValidationDataIsEvaluatedEachEpoch) {
  Sequential model = constant_model();
  model.compile("sgd", "mse");
  const Tensor y_val = Tensor::from(std::vector<float>{3, 4}, Shape{2, 1});
  const History history =
      model.fit(Tensor::zeros({4, 1}), Tensor::ones({4, 1}),
                {.epochs = 3,
                 .verbose = 0,
                 .validation_data = std::make_pair(std::vector<Tensor>{Tensor::zeros({2, 1})},
                                                   std::vector<Tensor>{y_val})});
  ASSERT_EQ(history["val_loss"].size(), 3u);
  for (double v : history["val_loss"]) EXPECT_NEAR(v, 12.5, 1e-5);
}

std::vector<float> train_and_read(bool shuffle, uint64_t seed) {
  strata::set_seed(seed);
  const Blobs data = two_blobs(64, 11);
  Sequential model = classifier();
  model.compile(strata::SGD(0.1), "binary_crossentropy");
  model.fit(data.x, data.y, {.batch_size = 8, .epochs = 2, .verbose = 0, .shuffle = shuffle});
  return weight_values(model);
}

TEST_F(FitTest, ShuffleIsDeterministicForASeed) {
  const std::vector<float> shuffled = train_and_read(true, 42);
  EXPECT_EQ(train_and_read(true, 42), shuffled);
  EXPECT_NE(train_and_read(false, 42), shuffled);  // the order of the batches matters
  EXPECT_EQ(train_and_read(false, 42), train_and_read(false, 42));
}

TEST_F(FitTest, ShuffledOrderIsAPermutationFixedBySeed) {
  const auto order = strata::detail::shuffled_order(100, 5);
  std::vector<int64_t> sorted = order;
  std::sort(sorted.begin(), sorted.end());
  for (int64_t i = 0; i < 100; ++i) EXPECT_EQ(sorted[size_t(i)], i);
  EXPECT_EQ(strata::detail::shuffled_order(100, 5), order);
  EXPECT_NE(strata::detail::shuffled_order(100, 6), order);
  int64_t in_place = 0;
  for (int64_t i = 0; i < 100; ++i) in_place += order[size_t(i)] == i;
  EXPECT_LT(in_place, 10);
}

TEST_F(FitTest, InitialEpochNumbersTheHistory) {
  Sequential model = constant_model();
  model.compile("sgd", "mse");
  testing::internal::CaptureStdout();
  const History history = model.fit(Tensor::zeros({4, 1}), Tensor::ones({4, 1}),
                                    {.epochs = 5, .verbose = 2, .initial_epoch = 2});
  const std::string out = testing::internal::GetCapturedStdout();
  EXPECT_EQ(history.epoch, (std::vector<int>{2, 3, 4}));
  EXPECT_EQ(history["loss"].size(), 3u);
  EXPECT_EQ(out.find("Epoch 1/5"), std::string::npos) << out;
  EXPECT_NE(out.find("Epoch 3/5\n1/1 - "), std::string::npos) << out;
  EXPECT_NE(out.find("Epoch 5/5\n"), std::string::npos) << out;
}

TEST_F(FitTest, AutoVerbosePrintsAPlainLinePerEpochWhenNotATerminal) {
  const Blobs data = two_blobs(40, 5);
  Sequential model = classifier();
  model.compile("adam", "binary_crossentropy", {"accuracy"});
  testing::internal::CaptureStdout();
  model.fit(data.x, data.y, {.batch_size = 16, .epochs = 2, .validation_split = 0.2});
  const std::string out = testing::internal::GetCapturedStdout();
  // "Epoch 1/2\n2/2 - 0s - 3ms/step - accuracy: 0.5000 - loss: 0.6931 - val_accuracy: ..."
  const std::regex line(
      "2/2 - [0-9]+s - [0-9]+(us|ms|s)/step - accuracy: [0-9]\\.[0-9]{4} - loss: [0-9]\\.[0-9]{4} "
      "- "
      "val_accuracy: [0-9]\\.[0-9]{4} - val_loss: [0-9]\\.[0-9]{4}");
  const std::vector<std::string> lines = split_lines(out);
  ASSERT_EQ(lines.size(), 4u) << out;
  EXPECT_EQ(lines[0], "Epoch 1/2");
  EXPECT_TRUE(std::regex_match(lines[1], line)) << lines[1];
  EXPECT_EQ(lines[2], "Epoch 2/2");
  EXPECT_TRUE(std::regex_match(lines[3], line)) << lines[3];
}

TEST_F(FitTest, SilentWithVerboseZeroAndNoEpochLineForOneEpoch) {
  Sequential model = constant_model();
  model.compile("sgd", "mse");
  testing::internal::CaptureStdout();
  model.fit(Tensor::zeros({4, 1}), Tensor::ones({4, 1}), {.epochs = 3, .verbose = 0});
  EXPECT_EQ(testing::internal::GetCapturedStdout(), "");
  testing::internal::CaptureStdout();
  model.fit(Tensor::zeros({4, 1}), Tensor::ones({4, 1}), {.epochs = 1, .verbose = 2});
  const std::string out = testing::internal::GetCapturedStdout();
  EXPECT_TRUE(out.starts_with("1/1 - ")) << out;  // Keras prints "Epoch" only for epochs > 1
}

// Counts the hooks fit calls, and stops training where asked.
struct Recorder : CallbackImpl {
  int train_begin = 0, train_end = 0, epoch_begin = 0, epoch_end = 0, test_begin = 0;
  int64_t batches = 0;
  int stop_after_epoch = -1;
  int64_t stop_after_batch = -1;
  bool wants_batch_logs = true;
  std::vector<Logs> batch_logs;
  void on_train_begin(const Logs&) override { ++train_begin; }
  void on_train_end(const Logs&) override { ++train_end; }
  void on_epoch_begin(int, const Logs&) override { ++epoch_begin; }
  void on_epoch_end(int epoch, const Logs&) override {
    ++epoch_end;
    if (epoch == stop_after_epoch) model()->set_stop_training(true);
  }
  void on_train_batch_end(int64_t batch, const Logs& logs) override {
    ++batches;
    batch_logs.push_back(logs);
    if (batch == stop_after_batch) model()->set_stop_training(true);
  }
  bool uses_batch_logs() const override { return wants_batch_logs; }
  void on_test_begin(const Logs&) override { ++test_begin; }
};

TEST_F(FitTest, CallbacksSeeEveryHook) {
  Sequential model = constant_model();
  model.compile("sgd", "mse");
  auto recorder = std::make_shared<Recorder>();
  model.fit(Tensor::zeros({10, 1}), Tensor::ones({10, 1}),
            {.batch_size = 4,
             .epochs = 3,
             .verbose = 0,
             .callbacks = {Callback(recorder)},
             .validation_split = 0.2});
  EXPECT_EQ(recorder->train_begin, 1);
  EXPECT_EQ(recorder->train_end, 1);
  EXPECT_EQ(recorder->epoch_begin, 3);
  EXPECT_EQ(recorder->epoch_end, 3);
  EXPECT_EQ(recorder->test_begin, 3);
  EXPECT_EQ(recorder->batches, 6);  // 8 training samples in batches of 4, three times
  ASSERT_FALSE(recorder->batch_logs.empty());
  EXPECT_EQ(recorder->batch_logs[0].size(), 1u);
  EXPECT_EQ(recorder->batch_logs[0][0].first, "loss");
  EXPECT_NEAR(recorder->batch_logs[0][0].second, 1.0, 1e-6);
}

TEST_F(FitTest, BatchLogsAreOnlyReadWhenACallbackUsesThem) {
  Sequential model = constant_model();
  model.compile("sgd", "mse");
  auto recorder = std::make_shared<Recorder>();
  recorder->wants_batch_logs = false;
  model.fit(Tensor::zeros({8, 1}), Tensor::ones({8, 1}),
            {.batch_size = 4, .verbose = 0, .callbacks = {Callback(recorder)}});
  ASSERT_EQ(recorder->batch_logs.size(), 2u);
  EXPECT_TRUE(recorder->batch_logs[0].empty());
}

TEST_F(FitTest, StopTrainingAfterAnEpoch) {
  Sequential model = constant_model();
  model.compile("sgd", "mse");
  auto recorder = std::make_shared<Recorder>();
  recorder->stop_after_epoch = 1;
  const History history =
      model.fit(Tensor::zeros({4, 1}), Tensor::ones({4, 1}),
                {.epochs = 10, .verbose = 0, .callbacks = {Callback(recorder)}});
  EXPECT_EQ(history.epoch, (std::vector<int>{0, 1}));
  EXPECT_TRUE(model.stop_training());
  // The next fit starts afresh.
  recorder->stop_after_epoch = -1;
  EXPECT_EQ(model.fit(Tensor::zeros({4, 1}), Tensor::ones({4, 1}), {.epochs = 2, .verbose = 0})
                .epoch.size(),
            2u);
}

TEST_F(FitTest, StopTrainingWithinAnEpochEndsItAfterThatBatch) {
  Sequential model = constant_model();
  model.compile("sgd", "mse");
  auto recorder = std::make_shared<Recorder>();
  recorder->stop_after_batch = 1;
  const History history =
      model.fit(Tensor::zeros({20, 1}), Tensor::ones({20, 1}),
                {.batch_size = 4, .epochs = 3, .verbose = 0, .callbacks = {Callback(recorder)}});
  EXPECT_EQ(recorder->batches, 2);
  EXPECT_EQ(history.epoch, (std::vector<int>{0}));
}

TEST_F(FitTest, FitNeedsCompile) {
  Sequential model = constant_model();
  try {
    model.fit(Tensor::zeros({2, 1}), Tensor::zeros({2, 1}));
    FAIL();
  } catch (const strata::ValueError& e) {
    EXPECT_NE(std::string(e.what()).find("compile"), std::string::npos) << e.what();
  }
}

TEST_F(FitTest, MismatchedSampleCountsAreRejected) {
  Sequential model = constant_model();
  model.compile("sgd", "mse");
  EXPECT_THROW(model.fit(Tensor::zeros({4, 1}), Tensor::zeros({5, 1}), {.verbose = 0}),
               strata::ValueError);
}

TEST_F(FitTest, SequentialWithoutInputBuildsFromTheData) {
  const Blobs data = two_blobs(64, 3);
  Sequential model({Dense(4, "relu"), Dense(1, "sigmoid")});
  model.compile(strata::Adam(0.05), "binary_crossentropy", {"accuracy"});
  const History history = model.fit(data.x, data.y, {.batch_size = 16, .epochs = 3, .verbose = 0});
  EXPECT_TRUE(model->built());
  EXPECT_EQ(history.history.size(), 2u);
  EXPECT_EQ(model->count_params(), 4 * 2 + 4 + 4 + 1);
}

TEST_F(FitTest, RegularizationAddsToTheLoss) {
  // Output 0 whatever the weights, so the loss is mean(y^2) = 1 plus 0.5 * sum(w^2) = 0.5 * 4.
  Sequential model({Input({2}), Dense(2, {.use_bias = false,
                                          .kernel_initializer = "ones",
                                          .kernel_regularizer = strata::L2(0.5)})});
  model.compile(strata::SGD(0.01), "mse");
  const Logs logs = model.train_on_batch(Tensor::zeros({3, 2}), Tensor::ones({3, 2}));
  ASSERT_EQ(logs.size(), 1u);
  EXPECT_NEAR(logs[0].second, 1.0 + 0.5 * 4, 1e-5);
}

}  // namespace
}  // namespace model_test
