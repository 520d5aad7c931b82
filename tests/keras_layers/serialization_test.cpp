// get_config -> layer_from_config for every built-in layer, custom classes, and config errors.
#include <gmock/gmock.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "layers_test_support.hpp"
#include "strata/keras/layers.hpp"
#include "strata/keras/serialization.hpp"

namespace layers_test {
namespace {

using namespace strata;
using ::testing::AllOf;
using ::testing::HasSubstr;

struct RoundTrip {
  const char* label;
  std::function<LayerRef()> make;
};
void PrintTo(const RoundTrip& c, std::ostream* os) {
  *os << c.label;
}

class LayerRoundTrip : public LayersTest, public ::testing::WithParamInterface<RoundTrip> {};

TEST_P(LayerRoundTrip, ConfigRebuildsAnEquivalentLayer) {
  const LayerRef original = GetParam().make();
  original->set_trainable(false);
  const boost::json::object saved = serialize_layer(*original);
  const LayerRef copy = deserialize_layer(saved);
  EXPECT_EQ(copy->class_name(), original->class_name());
  EXPECT_EQ(copy->name(), original->name());
  EXPECT_FALSE(copy->trainable());
  EXPECT_EQ(serialize_layer(*copy), saved) << boost::json::serialize(saved);
  // And through the text form, as a model file holds it.
  const boost::json::object reparsed =
      boost::json::parse(boost::json::serialize(saved)).as_object();
  EXPECT_EQ(serialize_layer(*deserialize_layer(reparsed)), saved);
}

INSTANTIATE_TEST_SUITE_P(
    EveryLayer, LayerRoundTrip,
    ::testing::Values(
        RoundTrip{"Dense",
                  [] {
                    return Dense(7, {.activation = "gelu",
                                     .use_bias = false,
                                     .kernel_initializer = "he_normal",
                                     .kernel_regularizer = L1L2(0.1, 0.2),
                                     .name = "d7"});
                  }},
        RoundTrip{"Activation", [] { return Activation("swish"); }},
        RoundTrip{"Dropout", [] { return Dropout(0.3, {.seed = 42}); }},
        RoundTrip{"Flatten", [] { return Flatten("channels_first"); }},
        RoundTrip{"Reshape",
                  [] {
                    return Reshape({4, -1, 2});
                  }},
        RoundTrip{
            "Conv1D",
            [] {
              return Conv1D(
                  5, 3,
                  {.strides = 2, .padding = "causal", .dilation_rate = 1, .activation = "relu"});
            }},
        RoundTrip{"Conv2D",
                  [] {
                    return Conv2D(8, {3, 5},
                                  {.strides = {2, 1},
                                   .padding = "same",
                                   .data_format = "channels_first",
                                   .dilation_rate = {1, 2},
                                   .groups = 2,
                                   .bias_initializer = Constant(0.5),
                                   .bias_regularizer = L2(0.01)});
                  }},
        RoundTrip{"MaxPooling2D",
                  [] {
                    return MaxPooling2D(
                        {3, 3}, {.strides = std::array<int32_t, 2>{2, 1}, .padding = "same"});
                  }},
        RoundTrip{"AveragePooling2D",
                  [] {
                    return AveragePooling2D({2, 4});
                  }},
        RoundTrip{"GlobalAveragePooling2D",
                  [] { return GlobalAveragePooling2D("channels_first", true); }},
        RoundTrip{"BatchNormalization",
                  [] {
                    return BatchNormalization({.axis = 1,
                                               .momentum = 0.9,
                                               .epsilon = 1e-5,
                                               .center = false,
                                               .moving_variance_initializer = Constant(2),
                                               .gamma_regularizer = L1(0.5)});
                  }},
        RoundTrip{"LayerNormalization",
                  [] {
                    return LayerNormalization({.axis = {1, 2}, .epsilon = 1e-6, .scale = false});
                  }},
        RoundTrip{"Embedding",
                  [] { return Embedding(1000, 16, {.embeddings_initializer = Orthogonal(2)}); }},
        RoundTrip{"Add", [] { return Add(); }},
        RoundTrip{"Concatenate", [] { return Concatenate(1); }}),
    [](const auto& info) { return std::string(info.param.label); });

using Serialization = LayersTest;

TEST_F(Serialization, RebuiltLayerComputesTheSameWithTheSameWeights) {
  Conv2D original(3, {2, 2}, {.padding = "same", .activation = "tanh"});
  const Tensor x = random_tensor({1, 4, 4, 2}, 81);
  const Tensor y = original(x);
  const LayerRef copy = deserialize_layer(serialize_layer(*original));
  copy->ensure_built(std::vector<Shape>{x.shape()});
  for (size_t i = 0; i < 2; ++i)
    Variable(copy->weights()[i]).assign(original->weights()[i].value());
  expect_close(values_of(copy(x)), values_of(y), 0, 0);
}

TEST_F(Serialization, DtypeIsRestored) {
  Dense dense(2);
  dense->set_dtype(DType::float64);
  const LayerRef copy = deserialize_layer(serialize_layer(*dense));
  EXPECT_EQ(copy->dtype(), DType::float64);
  EXPECT_EQ(copy(Tensor::ones({1, 3})).dtype(), DType::float64);
}

TEST_F(Serialization, AcceptsKerasWrittenConfigs) {
  // As Keras 3 writes a Dense: a dtype policy, nulls and falses for features Strata lacks.
  const auto config = boost::json::parse(R"({
      "name": "dense_9", "trainable": true,
      "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"},
                "registered_name": null},
      "units": 4, "activation": "relu", "use_bias": true,
      "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform",
                             "config": {"seed": null}, "registered_name": null},
      "bias_initializer": "zeros", "kernel_regularizer": null, "bias_regularizer": null,
      "activity_regularizer": null, "kernel_constraint": null, "bias_constraint": null})");
  const LayerRef dense = layer_from_config("Dense", config.as_object());
  EXPECT_EQ(dense->name(), "dense_9");
  EXPECT_EQ(dense(Tensor::ones({2, 3})).shape(), Shape({2, 4}));
  const auto conv = boost::json::parse(R"({"filters": 2, "kernel_size": 3, "strides": 2})");
  EXPECT_EQ(layer_from_config("Conv2D", conv.as_object())->get_config().at("kernel_size"),
            boost::json::parse("[3, 3]"));
}

TEST_F(Serialization, ConfigErrorsNameTheClassAndTheField) {
  const auto expect_error = [](std::string_view cls, const char* json,
                               std::vector<std::string> fragments) {
    try {
      layer_from_config(cls, boost::json::parse(json).as_object());
      ADD_FAILURE() << "expected ValueError for " << json;
    } catch (const ValueError& error) {
      for (const std::string& fragment : fragments) EXPECT_THAT(error.what(), HasSubstr(fragment));
    }
  };
  expect_error("Dense", R"({"units": "ten"})", {"Dense config", "\"units\"", "integer", "\"ten\""});
  expect_error("Dense", R"({"activation": "relu"})", {"Dense config", "\"units\"", "missing"});
  expect_error("Dense", R"({"units": 3, "kernel_constraint": {"class_name": "MaxNorm"}})",
               {"Dense config", "kernel_constraint"});
  expect_error("Conv2D", R"({"filters": 3, "kernel_size": [1, 2, 3]})", {"kernel_size", "1 or 2"});
  expect_error("Dense", R"({"units": 3, "dtype": "float128"})", {"\"dtype\"", "float128"});
  expect_error("Dropout", R"({"rate": 0.5, "trainable": "yes"})",
               {"\"trainable\"", "true or false"});
  expect_error("Dense", R"({"units": 3, "kernel_initializer": "glorot"})",
               {"\"kernel_initializer\"", "glorot_uniform"});
  expect_error("Densely", R"({})", {"Densely", "Dense", "Conv2D", "register_layer_class"});
}

// An application's own layer: multiplies by a constant.
class ScaleLayer final : public Layer {
 public:
  ScaleLayer(double factor, std::string name) : Layer("scale", std::move(name)), factor_(factor) {}
  std::string_view class_name() const override { return "Scale"; }
  std::vector<Shape> compute_output_shapes(std::span<const Shape> shapes) const override {
    return {shapes[0]};
  }
  std::vector<Tensor> call(std::span<const Tensor> inputs, bool) override {
    return {inputs[0] * factor_};
  }
  boost::json::object get_config() const override {
    boost::json::object config = Layer::get_config();
    config["factor"] = factor_;
    return config;
  }

 private:
  double factor_;
};

TEST_F(Serialization, ApplicationsRegisterTheirOwnClasses) {
  static const bool registered = [] {
    register_layer_class("Scale", [](const boost::json::object& config) {
      return LayerRef(std::make_shared<ScaleLayer>(config.at("factor").to_number<double>(),
                                                   std::string(config.at("name").as_string())));
    });
    return true;
  }();
  ASSERT_TRUE(registered);
  const LayerRef original(std::make_shared<ScaleLayer>(3.0, "triple"));
  const LayerRef copy = deserialize_layer(serialize_layer(*original));
  EXPECT_EQ(copy->name(), "triple");
  EXPECT_EQ(values_of(copy(Tensor::ones({2}))), std::vector<double>(2, 3.0));
  EXPECT_THAT(registered_layer_classes(), ::testing::Contains("Scale"));
  EXPECT_THROW(register_layer_class("Scale", [](const boost::json::object&) { return LayerRef(); }),
               ValueError);
  EXPECT_THROW(register_layer_class("Dense", [](const boost::json::object&) { return LayerRef(); }),
               ValueError);
}

}  // namespace
}  // namespace layers_test
