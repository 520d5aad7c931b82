// Every loss against its Keras 3 formula computed on the host, the epsilon clipping of
// probabilities, logits, sparse labels, shape errors, names and configs.
#include <boost/json/serialize.hpp>

#include <cmath>

#include "strata/keras/losses.hpp"
#include "strata/op_error.hpp"
#include "training_test_support.hpp"

namespace {

using strata::Loss;
using strata::Tensor;
using training_test::error_of;
using training_test::f64;

using Rows = std::vector<std::vector<double>>;

std::vector<double> flat(const Rows& rows) {
  std::vector<double> out;
  for (const auto& row : rows) out.insert(out.end(), row.begin(), row.end());
  return out;
}

Tensor matrix(const Rows& rows) {
  return f64(flat(rows), {int64_t(rows.size()), int64_t(rows[0].size())});
}

// The mean over rows of a per-row value.
template <typename PerRow>
double batch_mean(const Rows& t, const Rows& p, PerRow per_row) {
  double total = 0;
  for (size_t i = 0; i < t.size(); ++i) total += per_row(t[i], p[i]);
  return total / double(t.size());
}

// The mean over a row of an elementwise term.
template <typename Term>
auto row_mean(Term term) {
  return [term](const std::vector<double>& t, const std::vector<double>& p) {
    double total = 0;
    for (size_t j = 0; j < t.size(); ++j) total += term(t[j], p[j]);
    return total / double(t.size());
  };
}

double softplus(double x) {
  return std::max(x, 0.0) + std::log1p(std::exp(-std::abs(x)));
}

double clip(double p, double eps) {
  return std::min(std::max(p, eps), 1 - eps);
}

double host_categorical(const std::vector<double>& t, const std::vector<double>& p, double eps) {
  double sum = 0;
  for (double x : p) sum += x;
  double loss = 0;
  for (size_t j = 0; j < t.size(); ++j) loss -= t[j] * std::log(clip(p[j] / sum, eps));
  return loss;
}

std::vector<double> log_softmax(const std::vector<double>& x) {
  const double top = *std::max_element(x.begin(), x.end());
  double sum = 0;
  for (double v : x) sum += std::exp(v - top);
  std::vector<double> out;
  for (double v : x) out.push_back(v - top - std::log(sum));
  return out;
}

class LossTest : public training_test::ReferenceTest {
 protected:
  double value(const Loss& loss, const Tensor& t, const Tensor& p) {
    return loss(t, p).item<double>();
  }
};

const Rows kTrue{{1.0, 2.0, -1.0}, {3.0, 4.0, 0.5}, {0.0, 0.0, 2.0}};
const Rows kPred{{1.5, 2.0, 0.0}, {2.0, 5.5, 0.25}, {1.0, -1.0, 4.5}};

TEST_F(LossTest, MeanSquaredError) {
  const double expected =
      batch_mean(kTrue, kPred, row_mean([](double t, double p) { return (p - t) * (p - t); }));
  EXPECT_NEAR(value("mse", matrix(kTrue), matrix(kPred)), expected, 1e-12);
  EXPECT_NEAR(value(strata::MeanSquaredError(), matrix(kTrue), matrix(kPred)), expected, 1e-12);
}

TEST_F(LossTest, MeanAbsoluteError) {
  const double expected =
      batch_mean(kTrue, kPred, row_mean([](double t, double p) { return std::abs(p - t); }));
  EXPECT_NEAR(value("mae", matrix(kTrue), matrix(kPred)), expected, 1e-12);
}

TEST_F(LossTest, HuberIsQuadraticInsideDeltaAndLinearOutside) {
  for (const double delta : {1.0, 0.4, 2.0}) {
    const double expected =
        batch_mean(kTrue, kPred, row_mean([delta](double t, double p) {
                     const double e = std::abs(p - t);
                     return e <= delta ? 0.5 * e * e : delta * e - 0.5 * delta * delta;
                   }));
    EXPECT_NEAR(value(strata::Huber(delta), matrix(kTrue), matrix(kPred)), expected, 1e-12)
        << "delta " << delta;
  }
  EXPECT_NEAR(value("huber", f64({0.0}, {1, 1}), f64({3.0}, {1, 1})), 2.5, 1e-12);
}

TEST_F(LossTest, PerSampleIsTheMeanOverTheLastAxis) {
  const Tensor per = Loss("mse")->per_sample(matrix(kTrue), matrix(kPred));
  ASSERT_EQ(per.shape(), strata::Shape({3}));
  const auto row = row_mean([](double t, double p) { return (p - t) * (p - t); });
  training_test::expect_values(
      per, {row(kTrue[0], kPred[0]), row(kTrue[1], kPred[1]), row(kTrue[2], kPred[2])}, 1e-12);
}

TEST_F(LossTest, TargetsWithoutTheTrailingAxisOfSizeOneAreAccepted) {
  // y_true (3,) against y_pred (3,1), as Keras's squeeze_or_expand_to_same_rank allows; int
  // labels are cast to the prediction's dtype.
  const Tensor t = Tensor::from(std::vector<int32_t>{1, 0, 2}, {3});
  const Tensor p = f64({0.5, 0.0, 4.0}, {3, 1});
  EXPECT_NEAR(value("mse", t, p), (0.25 + 0 + 4) / 3, 1e-12);
  EXPECT_EQ(Loss("mse")->per_sample(t, p).shape(), strata::Shape({3}));
}

TEST_F(LossTest, BinaryCrossentropyOfProbabilities) {
  const Rows t{{1.0, 0.0}, {0.0, 1.0}, {1.0, 1.0}};
  const Rows p{{0.9, 0.2}, {0.4, 0.7}, {0.55, 0.01}};
  const double expected = batch_mean(t, p, row_mean([](double y, double q) {
                                       return -(y * std::log(q) + (1 - y) * std::log(1 - q));
                                     }));
  EXPECT_NEAR(value("binary_crossentropy", matrix(t), matrix(p)), expected, 1e-12);
}

TEST_F(LossTest, BinaryCrossentropyClipsZeroAndOneToEpsilon) {
  // Right answers cost -log(1 - eps), wrong ones -log(eps): finite, as Keras.
  const Rows t{{1.0, 0.0}, {1.0, 0.0}};
  const Rows p{{1.0, 0.0}, {0.0, 1.0}};
  const double eps = 1e-7;
  const double expected = (-std::log(1 - eps) * 2 + -std::log(eps) * 2) / 4;
  EXPECT_NEAR(value("binary_crossentropy", matrix(t), matrix(p)), expected, 1e-9);
  // The config's epsilon is the one used.
  context_.set_epsilon(1e-3);
  EXPECT_NEAR(value("binary_crossentropy", matrix(t), matrix(p)),
              (-std::log(1 - 1e-3) * 2 + -std::log(1e-3) * 2) / 4, 1e-9);
}

TEST_F(LossTest, BinaryCrossentropyFromLogitsIsStable) {
  const Rows t{{1.0, 0.0, 1.0}, {0.0, 1.0, 0.0}};
  const Rows x{{2.0, -1.0, 80.0}, {-300.0, -0.5, 300.0}};
  // -(t log sigmoid(x) + (1 - t) log sigmoid(-x)) = t softplus(-x) + (1 - t) softplus(x).
  const double expected = batch_mean(
      t, x, row_mean([](double y, double z) { return y * softplus(-z) + (1 - y) * softplus(z); }));
  const double actual = value(strata::BinaryCrossentropy(true), matrix(t), matrix(x));
  EXPECT_TRUE(std::isfinite(actual));
  EXPECT_NEAR(actual, expected, 1e-9);
  // float32 with a large logit stays finite too.
  const Tensor t32 = matrix(t).astype(strata::DType::float32);
  const Tensor x32 = matrix(x).astype(strata::DType::float32);
  EXPECT_NEAR(value(strata::BinaryCrossentropy(true), t32, x32), expected, 1e-4);
}

TEST_F(LossTest, CategoricalCrossentropyNormalisesAndClips) {
  const Rows t{{0.0, 1.0, 0.0}, {1.0, 0.0, 0.0}, {0.2, 0.3, 0.5}};
  // The first row sums to 0.6 and Keras rescales it; the second holds an exact 0.
  const Rows p{{0.2, 0.3, 0.1}, {0.0, 0.5, 0.5}, {0.1, 0.6, 0.3}};
  const double expected =
      batch_mean(t, p, [](const auto& y, const auto& q) { return host_categorical(y, q, 1e-7); });
  EXPECT_NEAR(value("categorical_crossentropy", matrix(t), matrix(p)), expected, 1e-9);
}

TEST_F(LossTest, CategoricalCrossentropyFromLogits) {
  const Rows t{{0.0, 1.0, 0.0}, {1.0, 0.0, 0.0}};
  const Rows x{{2.0, -1.0, 0.5}, {100.0, -100.0, 3.0}};
  const double expected = batch_mean(t, x, [](const auto& y, const auto& z) {
    const std::vector<double> lp = log_softmax(z);
    double loss = 0;
    for (size_t j = 0; j < y.size(); ++j) loss -= y[j] * lp[j];
    return loss;
  });
  EXPECT_NEAR(value(strata::CategoricalCrossentropy(true), matrix(t), matrix(x)), expected, 1e-9);
}

TEST_F(LossTest, SparseCategoricalCrossentropyTakesIntegerAndFloatLabels) {
  const Rows p{{0.2, 0.5, 0.3}, {0.7, 0.1, 0.2}, {0.0, 0.0, 1.0}};
  const std::vector<int64_t> labels{1, 2, 0};
  double expected = 0;
  for (size_t i = 0; i < labels.size(); ++i) {
    std::vector<double> one_hot(3, 0.0);
    one_hot[size_t(labels[i])] = 1;
    expected += host_categorical(one_hot, p[i], 1e-7) / 3;
  }
  const Loss loss("sparse_categorical_crossentropy");
  EXPECT_NEAR(value(loss, Tensor::from(labels, {3}), matrix(p)), expected, 1e-9);
  const std::vector<int32_t> labels32(labels.begin(), labels.end());
  EXPECT_NEAR(value(loss, Tensor::from(labels32, {3}), matrix(p)), expected, 1e-9);
  EXPECT_NEAR(value(loss, f64({1.0, 2.0, 0.0}, {3}), matrix(p)), expected, 1e-9);
  // (batch, 1) labels, as Keras accepts.
  EXPECT_NEAR(value(loss, Tensor::from(labels, {3, 1}), matrix(p)), expected, 1e-9);
}

TEST_F(LossTest, SparseCategoricalCrossentropyFromLogits) {
  const Rows x{{2.0, -1.0, 0.5}, {-50.0, 50.0, 3.0}};
  const std::vector<int32_t> labels{2, 0};
  const double expected = (-log_softmax(x[0])[2] - log_softmax(x[1])[0]) / 2;
  EXPECT_NEAR(
      value(strata::SparseCategoricalCrossentropy(true), Tensor::from(labels, {2}), matrix(x)),
      expected, 1e-9);
}

TEST_F(LossTest, SparseLabelsOverATimeAxisAverageEveryPosition) {
  // y_pred (2, 2, 3) logits with labels (2, 2).
  const std::vector<double> x{1, 2, 3, 0, 0, 0, -1, 5, 2, 4, 4, -4};
  const std::vector<int64_t> labels{0, 2, 1, 1};
  double expected = 0;
  for (size_t k = 0; k < 4; ++k) {
    const std::vector<double> row(x.begin() + 3 * k, x.begin() + 3 * k + 3);
    expected -= log_softmax(row)[size_t(labels[k])] / 4;
  }
  const Loss loss = strata::SparseCategoricalCrossentropy(true);
  EXPECT_NEAR(value(loss, Tensor::from(labels, {2, 2}), f64(x, {2, 2, 3})), expected, 1e-9);
  EXPECT_EQ(loss->per_sample(Tensor::from(labels, {2, 2}), f64(x, {2, 2, 3})).shape(),
            strata::Shape({2}));
}

TEST_F(LossTest, SparseLabelsOutOfRangeAreReported) {
  const Tensor p = matrix({{0.5, 0.5}, {0.5, 0.5}});
  const std::string message = error_of([&] {
    Loss("sparse_categorical_crossentropy")(Tensor::from({0, 2}, {2}), p);
  });
  EXPECT_NE(message.find("sparse_categorical_crossentropy"), std::string::npos) << message;
  EXPECT_NE(message.find("index 2"), std::string::npos) << message;
  EXPECT_NE(message.find("[0, 2)"), std::string::npos) << message;
  EXPECT_NE(error_of([&] {
              Loss("sparse_categorical_crossentropy")(Tensor::from({-1, 0}, {2}), p);
            }).find("index -1"),
            std::string::npos);
}

TEST_F(LossTest, ShapeErrorsNameTheLossAndBothShapes) {
  const Tensor t = Tensor::zeros({2, 3}, strata::DType::float64);
  const Tensor p = Tensor::zeros({2, 4}, strata::DType::float64);
  for (const char* name : {"mean_squared_error", "mean_absolute_error", "huber_loss",
                           "binary_crossentropy", "categorical_crossentropy"}) {
    try {
      const Loss loss(name);
      loss(t, p);
      ADD_FAILURE() << name << " took mismatched shapes";
    } catch (const strata::ShapeError& e) {
      const std::string message = e.what();
      EXPECT_NE(message.find(name), std::string::npos) << message;
      EXPECT_NE(message.find("(2,3)"), std::string::npos) << message;
      EXPECT_NE(message.find("(2,4)"), std::string::npos) << message;
    }
  }
  try {
    Loss("sparse_categorical_crossentropy")(Tensor::from({1, 0, 1}, {3}), p);
    ADD_FAILURE() << "sparse labels of the wrong batch size were taken";
  } catch (const strata::ShapeError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("sparse_categorical_crossentropy"), std::string::npos) << message;
    EXPECT_NE(message.find("(3,)"), std::string::npos) << message;
    EXPECT_NE(message.find("(2,4)"), std::string::npos) << message;
  }
}

TEST_F(LossTest, IntegerPredictionsAreRefused) {
  const Tensor t = Tensor::from({1, 2}, {2, 1});
  EXPECT_THROW(Loss("mse")(t, t), strata::DTypeError);
}

TEST_F(LossTest, NamesAndAliases) {
  EXPECT_EQ(Loss("mse")->name(), "mean_squared_error");
  EXPECT_EQ(Loss("MSE")->name(), "mean_squared_error");
  EXPECT_EQ(Loss("mae")->name(), "mean_absolute_error");
  EXPECT_EQ(Loss("huber")->name(), "huber_loss");
  EXPECT_EQ(Loss("BinaryCrossentropy")->name(), "binary_crossentropy");
  EXPECT_EQ(Loss("categorical_crossentropy")->name(), "categorical_crossentropy");
  EXPECT_EQ(Loss("sparse_categorical_crossentropy")->name(), "sparse_categorical_crossentropy");
  const std::string message = error_of([] { Loss("cross_entropy"); });
  EXPECT_NE(message.find("\"cross_entropy\""), std::string::npos);
}

TEST_F(LossTest, ConfigsRoundTrip) {
  for (const Loss& original :
       {strata::MeanSquaredError(), strata::MeanAbsoluteError(), strata::Huber(2.5),
        strata::BinaryCrossentropy(true), strata::CategoricalCrossentropy(false),
        strata::SparseCategoricalCrossentropy(true)}) {
    const boost::json::object config = original->get_config();
    EXPECT_EQ(config.at("reduction").as_string(), "sum_over_batch_size");
    const Loss rebuilt = strata::loss_from_config(original->name(), config);
    EXPECT_EQ(boost::json::serialize(rebuilt->get_config()), boost::json::serialize(config));
  }
  const Loss logits =
      strata::loss_from_config("BinaryCrossentropy", {{"name", "binary_crossentropy"},
                                                      {"from_logits", true},
                                                      {"label_smoothing", 0.0},
                                                      {"axis", -1},
                                                      {"reduction", "sum_over_batch_size"}});
  EXPECT_NEAR(logits(f64({1.0}, {1, 1}), f64({0.0}, {1, 1})).item<double>(), std::log(2.0), 1e-12);
  EXPECT_NE(error_of([] {
              strata::loss_from_config("BinaryCrossentropy", {{"label_smoothing", 0.1}});
            }).find("label_smoothing"),
            std::string::npos);
}

}  // namespace
