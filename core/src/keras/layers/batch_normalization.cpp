// BatchNormalization, as Keras 3: in training (when the layer is trainable) it normalises with
// the batch's mean and biased variance and moves its statistics toward them,
//   moving = moving * momentum + batch * (1 - momentum);
// otherwise it normalises with the moving statistics.
#include "builtin_layers.hpp"
#include "layer_support.hpp"
#include "normalization.hpp"
#include "strata/autodiff.hpp"
#include "strata/keras/layers.hpp"
#include "strata/ops.hpp"

namespace strata {
namespace layers_detail {
namespace {

class BatchNormalizationLayer final : public Layer {
 public:
  explicit BatchNormalizationLayer(BatchNormalizationOptions options)
      : Layer("batch_normalization", options.name), options_(std::move(options)) {
    if (!(options_.epsilon > 0) || !(options_.momentum >= 0 && options_.momentum <= 1)) {
      throw_layer_error<ValueError>(*this,
                                    "needs epsilon > 0 and momentum in [0, 1], got "
                                    "epsilon {} and momentum {}",
                                    options_.epsilon, options_.momentum);
    }
  }

  std::string_view class_name() const override { return "BatchNormalization"; }

  std::vector<Shape> compute_output_shapes(std::span<const Shape> input_shapes) const override {
    const Shape& shape = single_shape(*this, input_shapes);
    const int axis = resolved_axis(shape);
    if (shape[axis] < 0) {
      throw_layer_error<ShapeError>(*this, "axis {} of the input must be known, got shape {}",
                                    options_.axis, shape_text(shape));
    }
    return {shape};
  }

  std::vector<Tensor> call(std::span<const Tensor> inputs, bool training) override {
    const Tensor x = autocast(inputs[0], dtype());
    const int axis = resolved_axis(x.shape());
    Shape broadcast;
    for (int i = 0; i < x.rank(); ++i) broadcast.push_back(i == axis ? x.dim(i) : 1);
    Tensor mean, variance;
    if (training && trainable()) {
      Axes reduced;
      for (int i = 0; i < x.rank(); ++i) {
        if (i != axis) reduced.push_back(i);
      }
      Moments batch = moments(x, reduced);
      update_moving(moving_mean_, batch.mean);
      update_moving(moving_variance_, batch.variance);
      mean = batch.mean;
      variance = batch.variance;
    } else {
      mean = moving_mean_.value().reshape(broadcast);
      variance = moving_variance_.value().reshape(broadcast);
    }
    const Tensor gamma = options_.scale ? gamma_.value().reshape(broadcast) : Tensor();
    const Tensor beta = options_.center ? beta_.value().reshape(broadcast) : Tensor();
    return {normalize(x, mean, variance, gamma, beta, options_.epsilon)};
  }

  boost::json::object get_config() const override {
    boost::json::object config = Layer::get_config();
    config["axis"] = options_.axis;
    config["momentum"] = options_.momentum;
    config["epsilon"] = options_.epsilon;
    config["center"] = options_.center;
    config["scale"] = options_.scale;
    config["beta_initializer"] = options_.beta_initializer.to_json();
    config["gamma_initializer"] = options_.gamma_initializer.to_json();
    config["moving_mean_initializer"] = options_.moving_mean_initializer.to_json();
    config["moving_variance_initializer"] = options_.moving_variance_initializer.to_json();
    config["beta_regularizer"] = options_.beta_regularizer.to_json();
    config["gamma_regularizer"] = options_.gamma_regularizer.to_json();
    return config;
  }

 protected:
  void build(std::span<const Shape> input_shapes) override {
    const Shape params{input_shapes[0][resolved_axis(input_shapes[0])]};
    if (options_.scale) {
      gamma_ =
          add_weight("gamma", params, options_.gamma_initializer, true, options_.gamma_regularizer);
    }
    if (options_.center) {
      beta_ =
          add_weight("beta", params, options_.beta_initializer, true, options_.beta_regularizer);
    }
    moving_mean_ = add_weight("moving_mean", params, options_.moving_mean_initializer, false);
    moving_variance_ =
        add_weight("moving_variance", params, options_.moving_variance_initializer, false);
  }

  void check_input_shapes(std::span<const Shape> built,
                          std::span<const Shape> inputs) const override {
    const bool same_rank = inputs[0].rank() == built[0].rank();
    if (!same_rank || inputs[0][resolved_axis(inputs[0])] != built[0][resolved_axis(built[0])]) {
      throw_layer_error<ShapeError>(*this,
                                    "was built for inputs of shape {} (axis {} of size "
                                    "{}), got shape {}",
                                    shape_text(built[0]), options_.axis,
                                    built[0][resolved_axis(built[0])], shape_text(inputs[0]));
    }
  }

 private:
  int resolved_axis(const Shape& shape) const {
    const int axis = options_.axis;
    return normalize_axes(*this, std::span<const int>(&axis, 1), shape)[0];
  }

  // A Variable is a handle: the copy updates the layer's statistics in place.
  void update_moving(Variable moving, const Tensor& batch) const {
    const NoGradGuard no_grad;
    const double momentum = options_.momentum;
    moving.assign(moving.value() * momentum +
                  batch.detach().reshape(moving.shape()) * (1 - momentum));
  }

  BatchNormalizationOptions options_;
  Variable gamma_, beta_, moving_mean_, moving_variance_;
};

}  // namespace

LayerRef batch_normalization_from_config(ConfigReader& config) {
  BatchNormalizationOptions o;
  o.name = config.get("name", o.name);
  o.axis = config.get("axis", o.axis);
  o.momentum = config.get("momentum", o.momentum);
  o.epsilon = config.get("epsilon", o.epsilon);
  o.center = config.get("center", o.center);
  o.scale = config.get("scale", o.scale);
  o.beta_initializer = config.get("beta_initializer", o.beta_initializer);
  o.gamma_initializer = config.get("gamma_initializer", o.gamma_initializer);
  o.moving_mean_initializer = config.get("moving_mean_initializer", o.moving_mean_initializer);
  o.moving_variance_initializer =
      config.get("moving_variance_initializer", o.moving_variance_initializer);
  o.beta_regularizer = config.get("beta_regularizer", o.beta_regularizer);
  o.gamma_regularizer = config.get("gamma_regularizer", o.gamma_regularizer);
  return BatchNormalization(std::move(o));
}

}  // namespace layers_detail

BatchNormalization::BatchNormalization(BatchNormalizationOptions options)
    : LayerRef(std::make_shared<layers_detail::BatchNormalizationLayer>(std::move(options))) {}

}  // namespace strata
