// Metrics as running means over samples against their Keras 3 formulas on the host, their
// names, and the resolution of "accuracy".
#include <algorithm>
#include <cmath>

#include "strata/keras/metrics.hpp"
#include "training_test_support.hpp"

namespace {

using strata::Metric;
using strata::Tensor;
using training_test::error_of;
using training_test::f64;

class MetricTest : public training_test::ReferenceTest {};

size_t host_argmax(const std::vector<double>& row) {
  return size_t(std::max_element(row.begin(), row.end()) - row.begin());
}

TEST_F(MetricTest, BinaryAccuracyIsARunningMeanOverSamples) {
  Metric accuracy = strata::BinaryAccuracy();
  EXPECT_EQ(accuracy->name(), "binary_accuracy");
  // > 0.5 counts as 1, so 0.5 itself predicts 0: matches 1, 1, 0, 1.
  accuracy->update_state(f64({1, 0, 1, 0}, {4, 1}), f64({0.7, 0.2, 0.4, 0.5}, {4, 1}));
  EXPECT_DOUBLE_EQ(accuracy->result(), 0.75);
  // A second batch of two with one match: 4 of 6 samples, not the mean of 0.75 and 0.5.
  accuracy->update_state(f64({1, 1}, {2, 1}), f64({0.9, 0.1}, {2, 1}));
  EXPECT_NEAR(accuracy->result(), 4.0 / 6.0, 1e-7);
  accuracy->reset_state();
  EXPECT_EQ(accuracy->result(), 0.0);
  accuracy->update_state(f64({0}, {1, 1}), f64({0.1}, {1, 1}));
  EXPECT_EQ(accuracy->result(), 1.0);
}

TEST_F(MetricTest, BinaryAccuracyAveragesLabelsWithinASampleAndTakesAThreshold) {
  Metric accuracy = strata::BinaryAccuracy(0.7);
  // Per sample, the mean over its labels: (1 + 0) / 2 and (1 + 1) / 2.
  accuracy->update_state(f64({1, 0, 0, 1}, {2, 2}), f64({0.8, 0.75, 0.6, 0.71}, {2, 2}));
  EXPECT_NEAR(accuracy->result(), (0.5 + 1.0) / 2, 1e-7);
}

TEST_F(MetricTest, CategoricalAccuracyComparesArgmaxes) {
  const std::vector<std::vector<double>> t{{0, 1, 0}, {1, 0, 0}, {0, 0, 1}, {0, 1, 0}};
  const std::vector<std::vector<double>> p{
      {0.1, 0.8, 0.1}, {0.3, 0.3, 0.4}, {0.2, 0.2, 0.6}, {0.5, 0.5, 0.0}};
  double matches = 0;
  std::vector<double> tf, pf;
  for (size_t i = 0; i < t.size(); ++i) {
    matches += host_argmax(t[i]) == host_argmax(p[i]);  // ties go to the first index
    tf.insert(tf.end(), t[i].begin(), t[i].end());
    pf.insert(pf.end(), p[i].begin(), p[i].end());
  }
  Metric accuracy = strata::CategoricalAccuracy();
  accuracy->update_state(f64(tf, {4, 3}), f64(pf, {4, 3}));
  EXPECT_NEAR(accuracy->result(), matches / 4, 1e-7);
  EXPECT_EQ(matches, 2);
}

TEST_F(MetricTest, SparseCategoricalAccuracyTakesEveryLabelForm) {
  const Tensor p = f64({0.1, 0.8, 0.1, 0.6, 0.3, 0.1, 0.2, 0.2, 0.6}, {3, 3});
  // argmax: 1, 0, 2.
  for (const Tensor& labels :
       {Tensor::from(std::vector<int32_t>{1, 1, 2}, {3}),
        Tensor::from(std::vector<int64_t>{1, 1, 2}, {3}), f64({1, 1, 2}, {3}),
        Tensor::from(std::vector<int64_t>{1, 1, 2}, {3, 1})}) {
    Metric accuracy = strata::SparseCategoricalAccuracy();
    accuracy->update_state(labels, p);
    EXPECT_NEAR(accuracy->result(), 2.0 / 3.0, 1e-7) << labels.to_string();
  }
}

TEST_F(MetricTest, ErrorMetricsAverageOverSamplesAcrossBatches) {
  const std::vector<double> t1{1, 2, 3, 4}, p1{1.5, 2, 2, 6};  // 2 samples of 2
  const std::vector<double> t2{0, 0}, p2{3, -1};               // 1 sample of 2
  Metric mse("mse");
  Metric mae = strata::MeanAbsoluteErrorMetric();
  EXPECT_EQ(mse->name(), "mse");
  EXPECT_EQ(mae->name(), "mean_absolute_error");
  for (Metric* m : {&mse, &mae}) {
    (*m)->update_state(f64(t1, {2, 2}), f64(p1, {2, 2}));
    (*m)->update_state(f64(t2, {1, 2}), f64(p2, {1, 2}));
  }
  double sq = 0, ab = 0;
  for (size_t i = 0; i < 4; ++i) sq += (p1[i] - t1[i]) * (p1[i] - t1[i]) / 2;
  for (size_t i = 0; i < 4; ++i) ab += std::abs(p1[i] - t1[i]) / 2;
  for (size_t i = 0; i < 2; ++i) sq += (p2[i] - t2[i]) * (p2[i] - t2[i]) / 2;
  for (size_t i = 0; i < 2; ++i) ab += std::abs(p2[i] - t2[i]) / 2;
  EXPECT_NEAR(mse->result(), sq / 3, 1e-12);
  EXPECT_NEAR(mae->result(), ab / 3, 1e-12);
}

TEST_F(MetricTest, Float32PredictionsAccumulateInFloat32) {
  Metric mse = strata::MeanSquaredErrorMetric();
  mse->update_state(training_test::f32({0, 0}, {2, 1}), training_test::f32({0.5f, 1.5f}, {2, 1}));
  EXPECT_NEAR(mse->result(), (0.25 + 2.25) / 2, 1e-6);
}

TEST_F(MetricTest, NamesAreTheKeysAskedFor) {
  EXPECT_EQ(Metric("acc")->name(), "acc");
  EXPECT_EQ(Metric("accuracy").requested_name(), "accuracy");
  EXPECT_EQ(Metric("mae")->name(), "mae");
  EXPECT_EQ(Metric("mean_squared_error")->name(), "mean_squared_error");
  EXPECT_EQ(Metric("binary_accuracy")->name(), "binary_accuracy");
  EXPECT_NE(error_of([] { Metric("f1"); }).find("\"f1\""), std::string::npos);
}

TEST_F(MetricTest, UnresolvedAccuracySaysHowToResolveIt) {
  Metric accuracy("accuracy");
  const std::string message = error_of([&] {
    accuracy->update_state(f64({1}, {1, 1}), f64({1}, {1, 1}));
  });
  EXPECT_NE(message.find("resolve_metric"), std::string::npos) << message;
}

// Which accuracy "accuracy" became, told apart by data on which they disagree.
std::string kind_of(const Metric& resolved) {
  // One-hot (1, 0) against scores (0.9, 0.8): binary 0.5 (0.8 > 0.5 is wrong), categorical 1.
  {
    Metric probe = resolved;
    probe->reset_state();
    try {
      probe->update_state(f64({1, 0}, {1, 2}), f64({0.9, 0.8}, {1, 2}));
      const double r = probe->result();
      probe->reset_state();
      if (r == 0.5) return "binary";
      if (r == 1.0) return "categorical";
    } catch (const strata::Error&) {
      probe->reset_state();
    }
  }
  // Only sparse takes labels of shape (1,) against scores (1, 2).
  Metric probe = resolved;
  probe->update_state(Tensor::from(std::vector<int64_t>{0}, {1}), f64({0.9, 0.8}, {1, 2}));
  probe->reset_state();
  return "sparse";
}

TEST_F(MetricTest, AccuracyResolvesFromTheLossAndTheOutputShape) {
  const strata::Shape ten{4, 10}, one{4, 1};
  const auto resolve = [](const char* metric, const char* loss, const strata::Shape& shape) {
    return strata::resolve_metric(Metric(metric), strata::Loss(loss), shape);
  };
  EXPECT_EQ(kind_of(resolve("accuracy", "binary_crossentropy", ten)), "binary");
  EXPECT_EQ(kind_of(resolve("accuracy", "mse", one)), "binary");
  EXPECT_EQ(kind_of(resolve("accuracy", "sparse_categorical_crossentropy", one)), "binary");
  EXPECT_EQ(kind_of(resolve("accuracy", "sparse_categorical_crossentropy", ten)), "sparse");
  EXPECT_EQ(kind_of(resolve("acc", "categorical_crossentropy", ten)), "categorical");
  EXPECT_EQ(kind_of(resolve("accuracy", "mse", ten)), "categorical");
  EXPECT_EQ(resolve("acc", "categorical_crossentropy", ten)->name(), "acc");
  EXPECT_EQ(resolve("accuracy", "binary_crossentropy", ten)->name(), "accuracy");
  // Other metrics come back as they are.
  const Metric mse("mse");
  EXPECT_EQ(strata::resolve_metric(mse, "mse", ten).operator->(), mse.operator->());
  const Metric binary = strata::BinaryAccuracy();
  EXPECT_EQ(strata::resolve_metric(binary, "categorical_crossentropy", ten).operator->(),
            binary.operator->());
}

}  // namespace
