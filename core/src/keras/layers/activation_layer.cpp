// Activation: applies a Keras activation by name.
#include "activations.hpp"
#include "builtin_layers.hpp"
#include "layer_support.hpp"
#include "strata/keras/layers.hpp"

namespace strata {
namespace layers_detail {
namespace {

class ActivationLayer final : public Layer {
 public:
  ActivationLayer(const std::string& activation, std::string name)
      : Layer("activation", std::move(name)), activation_(find_activation(*this, activation)) {}

  std::string_view class_name() const override { return "Activation"; }

  std::vector<Shape> compute_output_shapes(std::span<const Shape> input_shapes) const override {
    return {single_shape(*this, input_shapes)};
  }

  std::vector<Tensor> call(std::span<const Tensor> inputs, bool) override {
    return {activation_(autocast(inputs[0], dtype()))};
  }

  boost::json::object get_config() const override {
    boost::json::object config = Layer::get_config();
    config["activation"] = activation_.name;
    return config;
  }

 private:
  ActivationFunction activation_;
};

}  // namespace

LayerRef activation_from_config(ConfigReader& config) {
  return Activation(config.require<std::string>("activation"), config.get("name", std::string()));
}

}  // namespace layers_detail

Activation::Activation(std::string activation, std::string name)
    : LayerRef(std::make_shared<layers_detail::ActivationLayer>(activation, std::move(name))) {}

}  // namespace strata
