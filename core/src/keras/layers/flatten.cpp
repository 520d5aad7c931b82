// Flatten: (batch, ...) -> (batch, product), in channels_last order as Keras does (a
// channels_first input is moved to channels_last first).
#include "builtin_layers.hpp"
#include "image_layout.hpp"
#include "layer_support.hpp"
#include "strata/keras/layers.hpp"

namespace strata {
namespace layers_detail {
namespace {

class FlattenLayer final : public Layer {
 public:
  FlattenLayer(const std::string& data_format, std::string name)
      : Layer("flatten", std::move(name)),
        data_format_(resolve_data_format(data_format, layer_label(*this))) {}

  std::string_view class_name() const override { return "Flatten"; }

  std::vector<Shape> compute_output_shapes(std::span<const Shape> input_shapes) const override {
    const Shape& shape = single_shape(*this, input_shapes);
    if (shape.rank() < 1) {
      throw_layer_error<ShapeError>(*this, "expects inputs with a batch axis, got shape {}",
                                    shape_text(shape));
    }
    return {symbolic_shape({shape[0], flat_size(shape)})};
  }

  std::vector<Tensor> call(std::span<const Tensor> inputs, bool) override {
    Tensor x = autocast(inputs[0], dtype());
    if (data_format_ == "channels_first" && x.rank() > 2) x = channels_to_last(x);
    return {x.reshape({x.dim(0), flat_size(x.shape())})};
  }

  boost::json::object get_config() const override {
    boost::json::object config = Layer::get_config();
    config["data_format"] = data_format_;
    return config;
  }

 private:
  // The product of the non-batch sizes; -1 when one is unknown.
  static int64_t flat_size(const Shape& shape) {
    int64_t size = 1;
    for (int axis = 1; axis < shape.rank(); ++axis) {
      if (shape[axis] < 0) return -1;
      size *= shape[axis];
    }
    return size;
  }

  std::string data_format_;
};

}  // namespace

LayerRef flatten_from_config(ConfigReader& config) {
  return Flatten(config.get("data_format", std::string()), config.get("name", std::string()));
}

}  // namespace layers_detail

Flatten::Flatten(std::string data_format, std::string name)
    : LayerRef(std::make_shared<layers_detail::FlattenLayer>(data_format, std::move(name))) {}

}  // namespace strata
