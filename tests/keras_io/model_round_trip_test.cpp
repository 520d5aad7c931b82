// Model::save / load_model and save_weights / load_weights: what comes back is the same model,
// bit for bit, and training goes on as if it had never stopped.
#include <gtest/gtest.h>

#include "io_test_support.hpp"
#include "model_test_models.hpp"
#include "strata/context.hpp"
#include "strata/keras/layers.hpp"
#include "strata/keras/model.hpp"
#include "strata/ops.hpp"

namespace strata {
namespace {

using io_testing::features;
using io_testing::labels;
using io_testing::values;
using io_testing::weight_values;

class ModelRoundTripTest : public ::testing::Test {
 protected:
  std::string file(std::string_view name) const { return (folder_ / name).string(); }
  io_testing::ScratchFolder folder_;
};

TEST_F(ModelRoundTripTest, SequentialComesBackBitIdentical) {
  Sequential model = io_testing::small_classifier();
  model.train_on_batch(features(), labels());
  model.save(file("m.strata"));

  Model loaded = load_model(file("m.strata"));
  EXPECT_EQ(loaded->class_name(), "Sequential");
  EXPECT_EQ(loaded.name(), model.name());
  ASSERT_EQ(loaded.layers().size(), model.layers().size());
  for (size_t k = 0; k < model.layers().size(); ++k) {
    EXPECT_EQ(loaded.layers()[k]->name(), model.layers()[k]->name());
    EXPECT_EQ(loaded.layers()[k]->class_name(), model.layers()[k]->class_name());
  }
  EXPECT_EQ(weight_values(loaded), weight_values(model));
  EXPECT_EQ(values(loaded.predict(features())), values(model.predict(features())));
  EXPECT_EQ(loaded.summary_text(), model.summary_text());
  // Compiled as it was: evaluate works and gives the same loss and accuracy.
  EXPECT_EQ(loaded.evaluate(features(), labels(), {.verbose = 0}),
            model.evaluate(features(), labels(), {.verbose = 0}));
}

// 4 training steps straight, against 2 steps, save, load, 2 more: the same weights bit for
// bit, which needs Adam's moments and step count restored.
TEST_F(ModelRoundTripTest, OptimizerStateLetsTrainingContinueIdentically) {
  const Tensor x = features();
  const Tensor y = labels();
  const auto batch = [&](int k) {
    return std::pair{ops::slice_axis(x, 0, 2 * k, 2 * k + 4),
                     ops::slice_axis(y, 0, 2 * k, 2 * k + 4)};
  };
  set_seed(1234);
  Sequential straight = io_testing::small_classifier();
  for (int k = 0; k < 4; ++k) straight.train_on_batch(batch(k).first, batch(k).second);

  set_seed(1234);
  Sequential first_half = io_testing::small_classifier();
  for (int k = 0; k < 2; ++k) first_half.train_on_batch(batch(k).first, batch(k).second);
  first_half.save(file("half.strata"));
  first_half.save(file("half-no-optimizer.strata"), /*include_optimizer=*/false);

  Model resumed = load_model(file("half.strata"));
  EXPECT_EQ(resumed.optimizer()->iterations(), 2);
  EXPECT_EQ(resumed.optimizer()->variables().size(), first_half.optimizer()->variables().size());
  for (int k = 2; k < 4; ++k) resumed.train_on_batch(batch(k).first, batch(k).second);
  EXPECT_EQ(weight_values(resumed), weight_values(straight));

  // Without the optimizer's state, Adam starts over and the weights part ways.
  Model restarted = load_model(file("half-no-optimizer.strata"));
  EXPECT_EQ(restarted.optimizer()->iterations(), 0);
  for (int k = 2; k < 4; ++k) restarted.train_on_batch(batch(k).first, batch(k).second);
  EXPECT_NE(weight_values(restarted), weight_values(straight));
}

TEST_F(ModelRoundTripTest, SequentialBuiltFromDataKeepsItsInput) {
  Sequential model({Dense(5, "relu"), Dense(2)});
  model.save(file("unbuilt.strata"));
  Model unbuilt = load_model(file("unbuilt.strata"));
  EXPECT_TRUE(unbuilt->weights().empty());
  EXPECT_EQ(unbuilt.layers().size(), 2u);

  model.compile(SGD(0.1), "mse");
  model.train_on_batch(features(), Tensor::zeros({8, 2}));
  model.save(file("built.strata"));
  Model loaded = load_model(file("built.strata"));
  EXPECT_EQ(weight_values(loaded), weight_values(model));
  EXPECT_EQ(values(loaded.predict(features())), values(model.predict(features())));
}

TEST_F(ModelRoundTripTest, UncompiledLoadLeavesTheModelUncompiled) {
  Sequential model = io_testing::small_classifier();
  model.save(file("m.strata"));
  Model loaded = load_model(file("m.strata"), /*compile=*/false);
  EXPECT_THROW(loaded.optimizer(), Error);
  EXPECT_EQ(values(loaded.predict(features())), values(model.predict(features())));
}

TEST_F(ModelRoundTripTest, FunctionalTwoInputModelKeepsItsGraph) {
  Model model = io_testing::two_input_model();
  model.save(file("f.strata"));
  Model loaded = load_model(file("f.strata"));
  EXPECT_EQ(loaded->class_name(), "Functional");
  ASSERT_EQ(loaded.layers().size(), model.layers().size());
  for (size_t k = 0; k < model.layers().size(); ++k) {
    EXPECT_EQ(loaded.layers()[k]->name(), model.layers()[k]->name());
  }
  // The shared Dense is still one layer called twice: same parameter count, same table.
  EXPECT_EQ(loaded->count_params(), model->count_params());
  EXPECT_EQ(loaded.summary_text(), model.summary_text());
  const std::vector<Tensor> x = {features(3), ops::multiply(features(3), Tensor::scalar(-2.0))};
  const auto expected = model.predict(x);
  const auto actual = loaded.predict(x);
  ASSERT_EQ(actual.size(), 1u);
  EXPECT_EQ(values(actual[0]), values(expected[0]));
  // Swapping the inputs changes the answer, so the loaded graph wires them as the original.
  EXPECT_NE(values(loaded.predict(std::vector<Tensor>{x[1], x[0]})[0]), values(expected[0]));
}

TEST_F(ModelRoundTripTest, NestedModelsRoundTrip) {
  Sequential inner({Input({4}), Dense(6, "relu"), Dense(4)}, "inner_block");
  const KerasTensor in = Input({4});
  const KerasTensor out = Dense(2)(Add()({inner(in), in}));
  Model model(in, out, "outer");
  model.save(file("nested.strata"));
  Model loaded = load_model(file("nested.strata"));
  EXPECT_EQ(loaded.get_layer("inner_block")->class_name(), "Sequential");
  EXPECT_EQ(weight_values(loaded), weight_values(model));
  EXPECT_EQ(values(loaded.predict(features())), values(model.predict(features())));
}

TEST_F(ModelRoundTripTest, LoadWeightsByNameRestoresTheSameModel) {
  Sequential model = io_testing::small_classifier();
  const auto saved = weight_values(model);
  model.save_weights(file("w.strata"));
  model.train_on_batch(features(), labels());
  ASSERT_NE(weight_values(model), saved);
  model.load_weights(file("w.strata"));
  EXPECT_EQ(weight_values(model), saved);
}

TEST_F(ModelRoundTripTest, LoadWeightsByOrderFillsAFreshlyBuiltTwin) {
  Sequential model = io_testing::small_classifier();
  model.train_on_batch(features(), labels());
  model.save_weights(file("w.strata"));
  // Built again in the same process, its layers get new names (dense_4, ...), so the weights
  // pair up by layer order.
  Sequential twin = io_testing::small_classifier();
  ASSERT_NE(twin.layers()[0]->name(), model.layers()[0]->name());
  twin.load_weights(file("w.strata"));
  EXPECT_EQ(weight_values(twin), weight_values(model));
  EXPECT_EQ(values(twin.predict(features())), values(model.predict(features())));
  // A whole-model file serves load_weights too.
  model.save(file("m.strata"));
  Sequential other = io_testing::small_classifier();
  other.load_weights(file("m.strata"));
  EXPECT_EQ(weight_values(other), weight_values(model));
}

TEST_F(ModelRoundTripTest, NamesDecideOverOrderWhenTheyAllMatch) {
  // The same two layers listed in the other order in the file's model: names win.
  const KerasTensor in = Input({3});
  Dense first(2, DenseOptions{.name = "first"});
  Dense second(2, DenseOptions{.name = "second"});
  Model ab(in, Add()({first(in), second(in)}));
  ab.save_weights(file("ab.strata"));

  const KerasTensor in2 = Input({3});
  Dense second_again(2, DenseOptions{.name = "second"});
  Dense first_again(2, DenseOptions{.name = "first"});
  const KerasTensor s = second_again(in2);
  Model ba(in2, Add()({s, first_again(in2)}));
  const auto weighted_names = [](const Model& m) {
    std::vector<std::string> names;
    for (const LayerRef& layer : m.layers()) {
      if (!layer->weights().empty()) names.push_back(layer->name());
    }
    return names;
  };
  ASSERT_NE(weighted_names(ba), weighted_names(ab));
  ba.load_weights(file("ab.strata"));
  EXPECT_EQ(values(first_again->weights()[0].value()), values(first->weights()[0].value()));
  EXPECT_EQ(values(second_again->weights()[0].value()), values(second->weights()[0].value()));
}

}  // namespace
}  // namespace strata
