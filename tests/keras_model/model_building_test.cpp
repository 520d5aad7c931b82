// Building models: Sequential (with and without an Input, add/pop), functional graphs with
// several inputs and outputs, nested models, and the errors for graphs that are not models.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "model_test_support.hpp"
#include "strata/keras/keras_tensor.hpp"
#include "strata/op_error.hpp"
#include "strata/ops.hpp"

namespace model_test {
namespace {

using strata::Concatenate;
using strata::Dense;
using strata::Input;
using strata::KerasTensor;
using strata::LayerRef;
using strata::Model;
using strata::Sequential;
using strata::ValueError;

class BuildingTest : public ModelTest {};

void expect_near(const Tensor& actual, const Tensor& expected, float tolerance = 1e-6f) {
  ASSERT_EQ(actual.shape(), expected.shape());
  const auto a = actual.to_vector<float>();
  const auto e = expected.to_vector<float>();
  for (size_t k = 0; k < a.size(); ++k) EXPECT_NEAR(a[k], e[k], tolerance) << "at " << k;
}

Tensor random_tensor(const Shape& shape, uint32_t seed) {
  return Tensor::from(host_uniform(static_cast<size_t>(shape.numel()), seed), shape);
}

TEST_F(BuildingTest, SequentialWithInputKnowsItsShapes) {
  Sequential model({Input({784}), Dense(128, "relu"), Dense(10)});
  EXPECT_TRUE(model->built());
  ASSERT_EQ(model.layers().size(), 2u);  // the InputLayer is not one of Sequential's layers
  EXPECT_EQ(model.layers()[0]->class_name(), "Dense");
  EXPECT_EQ(model->count_params(), 101770);
  const auto shapes = model->compute_output_shapes(std::vector<Shape>{Shape{5, 784}});
  ASSERT_EQ(shapes.size(), 1u);
  EXPECT_EQ(shapes[0], (Shape{5, 10}));
  EXPECT_EQ(model(Tensor::ones({3, 784})).shape(), (Shape{3, 10}));
}

TEST_F(BuildingTest, InputFirstAsAnArgument) {
  Sequential model(Input({4}), {Dense(3), Dense(2)});
  EXPECT_EQ(model(Tensor::ones({1, 4})).shape(), (Shape{1, 2}));
}

TEST_F(BuildingTest, SequentialWithoutInputBuildsOnFirstCall) {
  Dense first(3);
  Sequential model({first, Dense(2)});
  EXPECT_FALSE(model->built());
  EXPECT_FALSE(first->built());
  const Tensor x = random_tensor({4, 5}, 1);
  const Tensor y = model(x);
  EXPECT_TRUE(model->built());
  EXPECT_EQ(y.shape(), (Shape{4, 2}));
  EXPECT_EQ(model->weights().size(), 4u);
  // The model's output is the layers applied in order.
  expect_near(y, model.layers()[1](first(x)));
  // A batch of another size runs through the same graph.
  EXPECT_EQ(model(random_tensor({7, 5}, 2)).shape(), (Shape{7, 2}));
}

TEST_F(BuildingTest, AddAndPopRebuild) {
  Sequential model;
  model.add(Input({4}));
  model.add(Dense(3));
  EXPECT_EQ(model(Tensor::ones({2, 4})).shape(), (Shape{2, 3}));
  model.add(Dense(5));
  EXPECT_EQ(model(Tensor::ones({2, 4})).shape(), (Shape{2, 5}));
  model.pop();
  EXPECT_EQ(model.layers().size(), 1u);
  EXPECT_EQ(model(Tensor::ones({2, 4})).shape(), (Shape{2, 3}));
  model.pop();
  EXPECT_THROW(model.pop(), ValueError);
}

TEST_F(BuildingTest, SequentialRejectsMisplacedInputsAndDuplicateNames) {
  Sequential model({Input({4}), Dense(3, {.name = "twice"})});
  EXPECT_THROW(model.add(Input({4})), ValueError);
  try {
    model.add(Dense(2, {.name = "twice"}));
    FAIL() << "a duplicate name was accepted";
  } catch (const ValueError& e) {
    EXPECT_NE(std::string(e.what()).find("'twice'"), std::string::npos) << e.what();
  }
  EXPECT_EQ(model.layers().size(), 1u);
  Sequential no_input({Dense(2)});
  EXPECT_THROW(no_input.add(Input({3})), ValueError);
}

TEST_F(BuildingTest, FunctionalWithTwoInputsAndTwoOutputs) {
  const KerasTensor a = Input({3});
  const KerasTensor b = Input({5});
  Dense tower_a(4, "relu"), tower_b(4, "relu"), head(1), aux(2);
  Concatenate merge;
  const KerasTensor merged = merge({tower_a(a), tower_b(b)});
  EXPECT_EQ(merged.shape()[1], 8);
  EXPECT_EQ(merged.shape()[0], -1);
  Model model({a, b}, {head(merged), aux(merged)});
  EXPECT_EQ(model.layers().size(), 7u);  // two InputLayers, two towers, merge, two heads
  EXPECT_EQ(model->weights().size(), 8u);

  const Tensor xa = random_tensor({6, 3}, 3);
  const Tensor xb = random_tensor({6, 5}, 4);
  const std::vector<Tensor> outputs = model.predict({xa, xb});
  ASSERT_EQ(outputs.size(), 2u);
  // The graph computes what the layers compute when called one by one.
  const std::vector<Tensor> parts{tower_a(xa), tower_b(xb)};
  const Tensor joined = merge->operator()(std::span<const Tensor>(parts))[0];
  expect_near(outputs[0], head(joined));
  expect_near(outputs[1], aux(joined));
}

TEST_F(BuildingTest, NestedModelIsALayer) {
  Sequential inner(Input({6}), {Dense(4, "tanh"), Dense(3)});
  const KerasTensor inputs = Input({6});
  Dense head(1);
  Model outer(inputs, head(inner(inputs)));
  EXPECT_EQ(outer->weights().size(), 6u);
  EXPECT_EQ(outer->count_params(), inner->count_params() + 4);
  const Tensor x = random_tensor({5, 6}, 5);
  expect_near(outer.predict(x), head(inner(x)));
  // Freezing the outer model freezes the inner one's weights too.
  outer->set_trainable(false);
  EXPECT_TRUE(outer->trainable_weights().empty());
  EXPECT_TRUE(inner->trainable_weights().empty());
}

TEST_F(BuildingTest, SharedLayerCountsItsWeightsOnce) {
  const KerasTensor a = Input({3});
  const KerasTensor b = Input({3});
  Dense shared(2);
  Model model({a, b}, {strata::Add()({shared(a), shared(b)})});
  EXPECT_EQ(model->weights().size(), 2u);
  EXPECT_EQ(model->count_params(), 8);
  // Keras's "Connected to" names the shared layer's second call [1].
  const std::string text = model.summary_text(108);
  EXPECT_NE(text.find(fmt::format("{}[0][0],", shared->name())), std::string::npos) << text;
  EXPECT_NE(text.find(fmt::format("{}[1][0]", shared->name())), std::string::npos) << text;
}

TEST_F(BuildingTest, LayersInKerasOrderAndGetLayer) {
  const KerasTensor inputs = Input({4}, std::nullopt, "in");
  Model model(inputs, Dense(1, {.name = "out"})(Dense(3, {.name = "hidden"})(inputs)));
  std::vector<std::string> names;
  for (const LayerRef& layer : model.layers()) names.push_back(layer->name());
  EXPECT_EQ(names, (std::vector<std::string>{"in", "hidden", "out"}));
  EXPECT_EQ(model.get_layer("hidden")->name(), "hidden");
  try {
    model.get_layer("nope");
    FAIL();
  } catch (const ValueError& e) {
    EXPECT_NE(std::string(e.what()).find("'hidden'"), std::string::npos) << e.what();
  }
}

TEST_F(BuildingTest, AutomaticNamesFollowKeras) {
  Sequential first({Input({2}), Dense(1)});
  Sequential second({Input({2}), Dense(1)});
  const std::string a = first.name(), b = second.name();
  EXPECT_TRUE(a.starts_with("sequential")) << a;
  EXPECT_NE(a, b);
  const KerasTensor in = Input({2});
  EXPECT_TRUE(in.producer() != nullptr);
  Model functional(in, Dense(1)(in));
  EXPECT_TRUE(functional.name().starts_with("functional")) << functional.name();
  EXPECT_TRUE(LayerRef(in)->name().starts_with("input_layer")) << LayerRef(in)->name();
}

TEST_F(BuildingTest, DisconnectedGraphIsRejected) {
  const KerasTensor a = Input({3}, std::nullopt, "a");
  const KerasTensor b = Input({3}, std::nullopt, "b");
  const KerasTensor out = strata::Add()({Dense(2)(a), Dense(2)(b)});
  try {
    Model model(a, out);
    FAIL() << "a graph needing input 'b' was accepted";
  } catch (const ValueError& e) {
    EXPECT_NE(std::string(e.what()).find("Graph disconnected"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("'b'"), std::string::npos) << e.what();
  }
}

TEST_F(BuildingTest, InputsMustBeInputTensors) {
  const KerasTensor a = Input({3});
  const KerasTensor hidden = Dense(2)(a);
  EXPECT_THROW(Model(hidden, Dense(1)(hidden)), ValueError);
  EXPECT_THROW(LayerRef{hidden}, ValueError);
}

TEST_F(BuildingTest, DuplicateNamesInAGraphAreRejected) {
  const KerasTensor a = Input({3});
  const KerasTensor x = Dense(2, {.name = "same"})(a);
  EXPECT_THROW(Model(a, Dense(2, {.name = "same"})(x)), ValueError);
}

TEST_F(BuildingTest, WrongInputShapeNamesBothShapes) {
  Model model = Sequential({Input({4}), Dense(2)});
  try {
    model(Tensor::ones({2, 5}));
    FAIL();
  } catch (const strata::Error& e) {
    EXPECT_NE(std::string(e.what()).find("(None, 4)"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("(2, 5)"), std::string::npos) << e.what();
  }
}

TEST_F(BuildingTest, InputsAreCastToTheInputDtype) {
  Sequential model({Input({2}), Dense(1, {.kernel_initializer = "ones", .name = "sum"})});
  const Tensor x = Tensor::from(std::vector<double>{1, 2, 3, 4}, Shape{2, 2});
  const Tensor y = model(x);
  EXPECT_EQ(y.dtype(), DType::float32);
  EXPECT_EQ(y.to_vector<float>(), (std::vector<float>{3, 7}));
}

}  // namespace
}  // namespace model_test
