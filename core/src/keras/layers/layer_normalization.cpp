// LayerNormalization: normalises each sample over `axis` with its own mean and biased variance,
// then scales by gamma and shifts by beta (weights of the normalised axes' sizes).
#include <boost/json/value_from.hpp>

#include "builtin_layers.hpp"
#include "layer_support.hpp"
#include "normalization.hpp"
#include "strata/keras/layers.hpp"
#include "strata/ops.hpp"

namespace strata {
namespace layers_detail {
namespace {

class LayerNormalizationLayer final : public Layer {
 public:
  explicit LayerNormalizationLayer(LayerNormalizationOptions options)
      : Layer("layer_normalization", options.name), options_(std::move(options)) {
    if (options_.axis.empty() || !(options_.epsilon > 0)) {
      throw_layer_error<ValueError>(*this, "needs at least one axis and epsilon > 0");
    }
  }

  std::string_view class_name() const override { return "LayerNormalization"; }

  std::vector<Shape> compute_output_shapes(std::span<const Shape> input_shapes) const override {
    const Shape& shape = single_shape(*this, input_shapes);
    for (const int axis : axes(shape)) {
      if (shape[axis] < 0) {
        throw_layer_error<ShapeError>(*this,
                                      "the normalised axes must have known sizes, got "
                                      "shape {}",
                                      shape_text(shape));
      }
    }
    return {shape};
  }

  std::vector<Tensor> call(std::span<const Tensor> inputs, bool) override {
    const Tensor x = autocast(inputs[0], dtype());
    const std::vector<int> normalized = axes(x.shape());
    Shape broadcast;
    for (int i = 0; i < x.rank(); ++i) broadcast.push_back(1);
    for (const int axis : normalized) broadcast[axis] = x.dim(axis);
    const Moments stats = moments(x, Axes(std::span<const int>(normalized)));
    const Tensor gamma = options_.scale ? gamma_.value().reshape(broadcast) : Tensor();
    const Tensor beta = options_.center ? beta_.value().reshape(broadcast) : Tensor();
    return {normalize(x, stats.mean, stats.variance, gamma, beta, options_.epsilon)};
  }

  boost::json::object get_config() const override {
    boost::json::object config = Layer::get_config();
    config["axis"] = boost::json::value_from(options_.axis);
    config["epsilon"] = options_.epsilon;
    config["center"] = options_.center;
    config["scale"] = options_.scale;
    config["beta_initializer"] = options_.beta_initializer.to_json();
    config["gamma_initializer"] = options_.gamma_initializer.to_json();
    config["beta_regularizer"] = options_.beta_regularizer.to_json();
    config["gamma_regularizer"] = options_.gamma_regularizer.to_json();
    return config;
  }

 protected:
  void build(std::span<const Shape> input_shapes) override {
    Shape params;
    for (const int axis : axes(input_shapes[0])) params.push_back(input_shapes[0][axis]);
    if (options_.scale) {
      gamma_ =
          add_weight("gamma", params, options_.gamma_initializer, true, options_.gamma_regularizer);
    }
    if (options_.center) {
      beta_ =
          add_weight("beta", params, options_.beta_initializer, true, options_.beta_regularizer);
    }
  }

  void check_input_shapes(std::span<const Shape> built,
                          std::span<const Shape> inputs) const override {
    bool same = inputs[0].rank() == built[0].rank();
    for (const int axis : axes(built[0])) same = same && inputs[0][axis] == built[0][axis];
    if (!same) {
      throw_layer_error<ShapeError>(*this,
                                    "was built for inputs of shape {} (normalising axes "
                                    "of fixed size), got shape {}",
                                    shape_text(built[0]), shape_text(inputs[0]));
    }
  }

 private:
  std::vector<int> axes(const Shape& shape) const {
    return normalize_axes(*this, options_.axis, shape);
  }

  LayerNormalizationOptions options_;
  Variable gamma_, beta_;
};

}  // namespace

LayerRef layer_normalization_from_config(ConfigReader& config) {
  LayerNormalizationOptions o;
  o.name = config.get("name", o.name);
  o.axis = config.get("axis", o.axis);
  o.epsilon = config.get("epsilon", o.epsilon);
  o.center = config.get("center", o.center);
  o.scale = config.get("scale", o.scale);
  o.beta_initializer = config.get("beta_initializer", o.beta_initializer);
  o.gamma_initializer = config.get("gamma_initializer", o.gamma_initializer);
  o.beta_regularizer = config.get("beta_regularizer", o.beta_regularizer);
  o.gamma_regularizer = config.get("gamma_regularizer", o.gamma_regularizer);
  return LayerNormalization(std::move(o));
}

}  // namespace layers_detail

LayerNormalization::LayerNormalization(LayerNormalizationOptions options)
    : LayerRef(std::make_shared<layers_detail::LayerNormalizationLayer>(std::move(options))) {}

}  // namespace strata
