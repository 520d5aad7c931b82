// Dense: activation(x @ kernel + bias) on the last axis.
#include "activations.hpp"
#include "builtin_layers.hpp"
#include "layer_support.hpp"
#include "strata/keras/layers.hpp"
#include "strata/ops.hpp"

namespace strata {
namespace layers_detail {
namespace {

class DenseLayer final : public Layer {
 public:
  DenseLayer(int64_t units, DenseOptions options)
      : Layer("dense", options.name),
        units_(units),
        options_(std::move(options)),
        activation_(find_activation(*this, options_.activation)) {
    if (units <= 0) throw_layer_error<ValueError>(*this, "units must be positive, got {}", units);
  }

  std::string_view class_name() const override { return "Dense"; }

  std::vector<Shape> compute_output_shapes(std::span<const Shape> input_shapes) const override {
    Shape shape = single_shape(*this, input_shapes);
    if (shape.rank() < 2 || shape[shape.rank() - 1] < 0) {
      throw_layer_error<ShapeError>(*this,
                                    "expects inputs (batch, ..., features) with a known "
                                    "number of features, got shape {}",
                                    shape_text(shape));
    }
    shape[shape.rank() - 1] = units_;
    return {shape};
  }

  std::vector<Tensor> call(std::span<const Tensor> inputs, bool) override {
    Tensor y = ops::matmul(autocast(inputs[0], dtype()), kernel_);
    if (options_.use_bias) y = y + bias_.value();
    return {activation_(y)};
  }

  boost::json::object get_config() const override {
    boost::json::object config = Layer::get_config();
    config["units"] = units_;
    config["activation"] = activation_.name;
    config["use_bias"] = options_.use_bias;
    config["kernel_initializer"] = options_.kernel_initializer.to_json();
    config["bias_initializer"] = options_.bias_initializer.to_json();
    config["kernel_regularizer"] = options_.kernel_regularizer.to_json();
    config["bias_regularizer"] = options_.bias_regularizer.to_json();
    return config;
  }

 protected:
  void build(std::span<const Shape> input_shapes) override {
    const int64_t features = input_shapes[0][input_shapes[0].rank() - 1];
    kernel_ = add_weight("kernel", Shape{features, units_}, options_.kernel_initializer, true,
                         options_.kernel_regularizer);
    if (options_.use_bias) {
      bias_ = add_weight("bias", Shape{units_}, options_.bias_initializer, true,
                         options_.bias_regularizer);
    }
  }

  void check_input_shapes(std::span<const Shape> built,
                          std::span<const Shape> inputs) const override {
    const int64_t features = built[0][built[0].rank() - 1];
    if (inputs[0][inputs[0].rank() - 1] != features) {
      throw_layer_error<ShapeError>(*this,
                                    "was built for inputs with {} features on the last "
                                    "axis (shape {}, kernel ({},{})), got shape {}",
                                    features, shape_text(built[0]), features, units_,
                                    shape_text(inputs[0]));
    }
  }

 private:
  int64_t units_;
  DenseOptions options_;
  ActivationFunction activation_;
  Variable kernel_, bias_;
};

}  // namespace

LayerRef dense_from_config(ConfigReader& config) {
  DenseOptions options;
  options.name = config.get("name", options.name);
  options.activation = config.get("activation", options.activation);
  options.use_bias = config.get("use_bias", options.use_bias);
  options.kernel_initializer = config.get("kernel_initializer", options.kernel_initializer);
  options.bias_initializer = config.get("bias_initializer", options.bias_initializer);
  options.kernel_regularizer = config.get("kernel_regularizer", options.kernel_regularizer);
  options.bias_regularizer = config.get("bias_regularizer", options.bias_regularizer);
  return Dense(config.require<int64_t>("units"), std::move(options));
}

}  // namespace layers_detail

Dense::Dense(int64_t units, DenseOptions options)
    : LayerRef(std::make_shared<layers_detail::DenseLayer>(units, std::move(options))) {}

}  // namespace strata
