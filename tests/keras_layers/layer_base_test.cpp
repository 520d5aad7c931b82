// The Layer base: names, building, weights, trainability, parameter counts, configs, errors.
#include <gmock/gmock.h>

#include "layers_test_support.hpp"
#include "strata/keras/layers.hpp"

namespace layers_test {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using namespace strata;

using LayerBase = LayersTest;

// Keras numbers unnamed layers per prefix: "dense", then "dense_1", "dense_2", ...
TEST_F(LayerBase, UnnamedLayersGetKerasStyleNamesCountedPerPrefix) {
  const std::string first = Dense(2)->name();
  const std::string second = Dense(2)->name();
  const std::string conv = Conv2D(1, {1, 1})->name();
  if (first == "dense") {
    EXPECT_EQ(second, "dense_1");
  } else {
    ASSERT_EQ(first.rfind("dense_", 0), 0u) << first;
    EXPECT_EQ(second, "dense_" + std::to_string(std::stoi(first.substr(6)) + 1));
  }
  EXPECT_EQ(conv.rfind("conv2d", 0), 0u) << conv;
  EXPECT_EQ(Dense(2, {.name = "head"})->name(), "head");
  EXPECT_EQ(BatchNormalization()->name().rfind("batch_normalization", 0), 0u);
  EXPECT_EQ(MaxPooling2D()->name().rfind("max_pooling2d", 0), 0u);
  EXPECT_EQ(GlobalAveragePooling2D()->name().rfind("global_average_pooling2d", 0), 0u);
}

TEST_F(LayerBase, BuildsOnFirstCallWithWeightsInCreationOrder) {
  Dense dense(3, {.name = "d"});
  EXPECT_FALSE(dense->built());
  EXPECT_TRUE(dense->weights().empty());
  dense(Tensor::ones({2, 4}));
  ASSERT_TRUE(dense->built());
  const auto weights = dense->weights();
  ASSERT_EQ(weights.size(), 2u);
  EXPECT_EQ(weights[0].name(), "d/kernel");
  EXPECT_EQ(weights[0].shape(), Shape({4, 3}));
  EXPECT_EQ(weights[1].name(), "d/bias");
  EXPECT_EQ(weights[1].shape(), Shape({3}));
  EXPECT_EQ(dense->count_params(), 4 * 3 + 3);
}

TEST_F(LayerBase, CountParamsOfAnUnbuiltLayerSaysToBuildIt) {
  Dense dense(3, {.name = "lonely"});
  try {
    (void)dense->count_params();
    FAIL() << "expected ValueError";
  } catch (const ValueError& error) {
    EXPECT_THAT(error.what(), AllOf(HasSubstr("lonely"), HasSubstr("built")));
  }
  Flatten flatten;
  flatten->ensure_built(std::vector<Shape>{Shape{2, 3}});
  EXPECT_EQ(flatten->count_params(), 0);
}

TEST_F(LayerBase, BatchNormalizationSplitsTrainableAndNonTrainableWeights) {
  BatchNormalization bn({.name = "bn"});
  bn->ensure_built(std::vector<Shape>{symbolic({-1, 5})});
  std::vector<std::string> trainable, frozen;
  for (const auto& w : bn->trainable_weights()) trainable.push_back(w.name());
  for (const auto& w : bn->non_trainable_weights()) frozen.push_back(w.name());
  EXPECT_EQ(trainable, (std::vector<std::string>{"bn/gamma", "bn/beta"}));
  EXPECT_EQ(frozen, (std::vector<std::string>{"bn/moving_mean", "bn/moving_variance"}));
  EXPECT_EQ(bn->count_params(), 20);
}

TEST_F(LayerBase, SetTrainableFalseFreezesEveryWeightAndTrueRestoresOnlyTrainableOnes) {
  BatchNormalization bn;
  bn->ensure_built(std::vector<Shape>{symbolic({-1, 2})});
  bn->set_trainable(false);
  EXPECT_TRUE(bn->trainable_weights().empty());
  EXPECT_EQ(bn->non_trainable_weights().size(), 4u);
  bn->set_trainable(true);
  EXPECT_EQ(bn->trainable_weights().size(), 2u);
  // Weights created while the layer is frozen start frozen.
  Dense dense(2);
  dense->set_trainable(false);
  dense(Tensor::ones({1, 2}));
  EXPECT_TRUE(dense->trainable_weights().empty());
  EXPECT_EQ(dense->non_trainable_weights().size(), 2u);
}

TEST_F(LayerBase, IncompatibleInputAfterBuildNamesTheLayerAndBothShapes) {
  Dense dense(4, {.name = "classifier"});
  dense(Tensor::ones({2, 10}));
  try {
    dense(Tensor::ones({2, 5}));
    FAIL() << "expected ShapeError";
  } catch (const ShapeError& error) {
    EXPECT_THAT(error.what(), AllOf(HasSubstr("classifier"), HasSubstr("Dense"),
                                    HasSubstr("(2,10)"), HasSubstr("(2,5)")));
  }
  // A different batch size is fine.
  EXPECT_EQ(dense(Tensor::ones({7, 10})).shape(), Shape({7, 4}));
}

TEST_F(LayerBase, ConvAndNormalizationRejectAChangedChannelCount) {
  Conv2D conv(2, {3, 3}, {.name = "c"});
  conv(Tensor::ones({1, 5, 5, 3}));
  EXPECT_EQ(conv(Tensor::ones({1, 7, 6, 3})).shape(), Shape({1, 5, 4, 2}));  // other sizes ok
  try {
    conv(Tensor::ones({1, 5, 5, 4}));
    FAIL() << "expected ShapeError";
  } catch (const ShapeError& error) {
    EXPECT_THAT(error.what(),
                AllOf(HasSubstr("'c'"), HasSubstr("(1,5,5,3)"), HasSubstr("(1,5,5,4)")));
  }
  BatchNormalization bn({.name = "b"});
  bn(Tensor::ones({2, 3}));
  EXPECT_THROW(bn(Tensor::ones({2, 4})), ShapeError);
  LayerNormalization ln({.name = "l"});
  ln(Tensor::ones({2, 3}));
  EXPECT_THROW(ln(Tensor::ones({2, 4})), ShapeError);
}

TEST_F(LayerBase, WrongRankNamesTheLayerAndTheShape) {
  Conv2D conv(2, {3, 3}, {.name = "c2"});
  try {
    conv(Tensor::ones({4, 5, 5}));
    FAIL() << "expected ShapeError";
  } catch (const ShapeError& error) {
    EXPECT_THAT(error.what(), AllOf(HasSubstr("'c2'"), HasSubstr("Conv2D"), HasSubstr("(4,5,5)"),
                                    HasSubstr("rank 4")));
  }
  EXPECT_THROW(Dense(3)(Tensor::ones({4})), ShapeError);
}

TEST_F(LayerBase, WrongNumberOfInputsIsAValueError) {
  Add add("sum");
  const Tensor one = Tensor::ones({2, 2});
  EXPECT_THROW(add(one), ValueError);
  Dense dense(2);
  const std::vector<Tensor> two{one, one};
  EXPECT_THROW((*dense)(two), ValueError);
  LayerRef empty;
  EXPECT_THROW(empty(one), ValueError);
  EXPECT_THROW(dense(Tensor()), ValueError);
}

TEST_F(LayerBase, RegularizationLossSumsThePenaltiesOfRegularizedWeights) {
  Dense plain(2);
  plain(Tensor::ones({1, 3}));
  EXPECT_FALSE(plain->regularization_loss().defined());

  Dense dense(2, {.kernel_regularizer = L2(0.5), .bias_regularizer = L1(0.25)});
  dense(Tensor::ones({1, 3}));
  const auto kernel = values_of(dense->weights()[0].value());
  double expected = 0;
  for (double w : kernel) expected += 0.5 * w * w;
  dense->weights()[1].assign(Tensor::from(std::vector<double>{-2, 3}, {2}));
  expected += 0.25 * 5;
  EXPECT_NEAR(dense->regularization_loss().item<double>(), expected, 1e-5);
}

TEST_F(LayerBase, GetConfigHasTheBaseFields) {
  Dense dense(2, {.name = "cfg"});
  dense->set_trainable(false);
  const boost::json::object config = dense->get_config();
  EXPECT_EQ(config.at("name").as_string(), "cfg");
  EXPECT_EQ(config.at("trainable").as_bool(), false);
  EXPECT_EQ(config.at("dtype").as_string(), "float32");
}

TEST_F(LayerBase, DtypeFollowsFloatxAtConstructionAndCanBeSetBeforeBuilding) {
  Dense f32(2);
  {
    FloatxScope scope(DType::float64);
    Dense f64(2);
    EXPECT_EQ(f64->dtype(), DType::float64);
    EXPECT_EQ(f64(Tensor::ones({1, 2})).dtype(), DType::float64);
  }
  EXPECT_EQ(f32->dtype(), DType::float32);
  f32->set_dtype(DType::float64);
  // float32 inputs are cast to the layer's dtype, as Keras autocasts.
  EXPECT_EQ(f32(Tensor::ones({1, 2}, DType::float32)).dtype(), DType::float64);
  EXPECT_THROW(f32->set_dtype(DType::float32), ValueError);
  EXPECT_THROW(Dense(2)->set_dtype(DType::int32), DTypeError);
}

TEST_F(LayerBase, IntegerInputsAreCastToTheLayerDtype) {
  Flatten flatten;
  const Tensor images = Tensor::from(std::vector<uint8_t>{1, 2, 3, 4}, {1, 2, 2});
  const Tensor out = flatten(images);
  EXPECT_EQ(out.dtype(), DType::float32);
  EXPECT_EQ(out.to_vector<float>(), (std::vector<float>{1, 2, 3, 4}));
}

}  // namespace
}  // namespace layers_test
