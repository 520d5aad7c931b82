// evaluate and predict: batching gives what one pass over all the data gives; train_on_batch;
// "accuracy" resolved and computed as it should be.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "model_test_support.hpp"
#include "strata/op_error.hpp"
#include "strata/ops.hpp"

namespace model_test {
namespace {

using strata::Dense;
using strata::Input;
using strata::Logs;
using strata::Sequential;

class EvaluatePredictTest : public ModelTest {};

Sequential three_class_model() {
  return Sequential({Input({4}), Dense(6, "tanh"), Dense(3, "softmax")});
}

struct ThreeClassData {
  Tensor x;
  Tensor y;  // sparse labels, int64 [n]
  std::vector<int64_t> labels;
};

ThreeClassData three_class_data(int64_t n) {
  ThreeClassData data;
  data.x = Tensor::from(host_uniform(static_cast<size_t>(n * 4), 21), Shape{n, 4});
  for (int64_t i = 0; i < n; ++i) data.labels.push_back(i % 3);
  data.y = Tensor::from(data.labels, Shape{n});
  return data;
}

TEST_F(EvaluatePredictTest, PredictInBatchesEqualsOnePass) {
  Sequential model = three_class_model();
  const ThreeClassData data = three_class_data(23);
  const std::vector<float> whole = model(data.x).to_vector<float>();
  for (int64_t batch_size : {1, 5, 7, 23, 64}) {
    const Tensor batched = model.predict(data.x, {.batch_size = batch_size});
    ASSERT_EQ(batched.shape(), (Shape{23, 3}));
    const std::vector<float> values = batched.to_vector<float>();
    for (size_t k = 0; k < values.size(); ++k) {
      EXPECT_NEAR(values[k], whole[k], 1e-6) << "batch_size " << batch_size << " at " << k;
    }
  }
}

// Sparse categorical crossentropy and accuracy worked out on the host from the predictions.
Logs host_scores(const std::vector<float>& probabilities, const std::vector<int64_t>& labels) {
  double loss = 0, correct = 0;
  for (size_t i = 0; i < labels.size(); ++i) {
    const float* row = &probabilities[i * 3];
    loss -= std::log(std::clamp(static_cast<double>(row[labels[i]]), 1e-7, 1 - 1e-7));
    correct += static_cast<double>(std::max_element(row, row + 3) - row == labels[i]);
  }
  const auto n = static_cast<double>(labels.size());
  return {{"accuracy", correct / n}, {"loss", loss / n}};
}

TEST_F(EvaluatePredictTest, EvaluateInBatchesEqualsOnePassAndTheHostComputation) {
  Sequential model = three_class_model();
  model.compile("sgd", "sparse_categorical_crossentropy", {"accuracy"});
  const ThreeClassData data = three_class_data(23);
  const Logs expected = host_scores(model(data.x).to_vector<float>(), data.labels);
  for (int64_t batch_size : {4, 23, 32}) {
    const Logs logs = model.evaluate(data.x, data.y, {.batch_size = batch_size, .verbose = 0});
    ASSERT_EQ(logs.size(), 2u);
    EXPECT_EQ(logs[0].first, "accuracy");
    EXPECT_NEAR(logs[0].second, expected[0].second, 1e-6) << "batch_size " << batch_size;
    EXPECT_EQ(logs[1].first, "loss");
    EXPECT_NEAR(logs[1].second, expected[1].second, 1e-5) << "batch_size " << batch_size;
  }
}

TEST_F(EvaluatePredictTest, MetricsKeepTheirRequestedNames) {
  Sequential model = three_class_model();
  model.compile("sgd", "sparse_categorical_crossentropy", {"acc", "sparse_categorical_accuracy"});
  const ThreeClassData data = three_class_data(9);
  const Logs logs = model.evaluate(data.x, data.y, {.verbose = 0});
  ASSERT_EQ(logs.size(), 3u);
  EXPECT_EQ(logs[0].first, "acc");
  EXPECT_EQ(logs[1].first, "loss");
  EXPECT_EQ(logs[2].first, "sparse_categorical_accuracy");
  EXPECT_DOUBLE_EQ(logs[0].second, logs[2].second);
}

TEST_F(EvaluatePredictTest, TrainOnBatchReportsTheLossBeforeItsUpdate) {
  Sequential model = three_class_model();
  model.compile(strata::SGD(0.5), "sparse_categorical_crossentropy");
  const ThreeClassData data = three_class_data(12);
  const double before = model.evaluate(data.x, data.y, {.verbose = 0})[0].second;
  const Logs logs = model.train_on_batch(data.x, data.y);
  ASSERT_EQ(logs.size(), 1u);
  EXPECT_NEAR(logs[0].second, before, 1e-5);
  EXPECT_LT(model.evaluate(data.x, data.y, {.verbose = 0})[0].second, before);
}

TEST_F(EvaluatePredictTest, EvaluatePrintsOneLineWhenNotATerminal) {
  Sequential model = three_class_model();
  model.compile("sgd", "sparse_categorical_crossentropy", {"accuracy"});
  const ThreeClassData data = three_class_data(10);
  testing::internal::CaptureStdout();
  model.evaluate(data.x, data.y, {.batch_size = 4});
  const std::string out = testing::internal::GetCapturedStdout();
  EXPECT_TRUE(out.starts_with("3/3 - ")) << out;
  EXPECT_NE(out.find("/step - accuracy: "), std::string::npos) << out;
  EXPECT_NE(out.find(" - loss: "), std::string::npos) << out;
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1) << out;
}

// Two outputs: the loss is applied to each and summed; metrics go one per output, keyed by the
// output layer's name, as Keras keys them.
TEST_F(EvaluatePredictTest, TwoOutputsSumTheirLossesAndPrefixTheirMetrics) {
  const auto in = Input({3});
  const auto hidden = Dense(4, "tanh")(in);
  strata::Model model({in},
                      {Dense(1, {.name = "reg"})(hidden), Dense(1, {.name = "other"})(hidden)});
  EXPECT_THROW(model.compile("sgd", "mse", {"mae"}), strata::ValueError);
  model.compile("sgd", "mse", {"mae", "mse"});
  const Tensor x = Tensor::from(host_uniform(18, 8), Shape{6, 3});
  const std::vector<float> t1 = host_uniform(6, 9), t2 = host_uniform(6, 10);
  const std::vector<Tensor> y{Tensor::from(t1, Shape{6, 1}), Tensor::from(t2, Shape{6, 1})};
  const std::vector<Tensor> predictions = model.predict(std::vector<Tensor>{x});
  const std::vector<float> p1 = predictions[0].to_vector<float>();
  const std::vector<float> p2 = predictions[1].to_vector<float>();
  double mse1 = 0, mse2 = 0, mae1 = 0;
  for (size_t i = 0; i < 6; ++i) {
    mse1 += (p1[i] - t1[i]) * (p1[i] - t1[i]) / 6;
    mse2 += (p2[i] - t2[i]) * (p2[i] - t2[i]) / 6;
    mae1 += std::abs(p1[i] - t1[i]) / 6;
  }
  const Logs logs = model.evaluate({x}, y, {.batch_size = 4, .verbose = 0});
  ASSERT_EQ(logs.size(), 3u);
  EXPECT_EQ(logs[0].first, "loss");
  EXPECT_NEAR(logs[0].second, mse1 + mse2, 1e-5);
  EXPECT_EQ(logs[1].first, "other_mse");
  EXPECT_NEAR(logs[1].second, mse2, 1e-5);
  EXPECT_EQ(logs[2].first, "reg_mae");
  EXPECT_NEAR(logs[2].second, mae1, 1e-5);
}

}  // namespace
}  // namespace model_test
