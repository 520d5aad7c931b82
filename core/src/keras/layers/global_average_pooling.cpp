// GlobalAveragePooling2D: the mean over height and width.
#include "builtin_layers.hpp"
#include "image_layout.hpp"
#include "layer_support.hpp"
#include "strata/keras/layers.hpp"
#include "strata/ops.hpp"

namespace strata {
namespace layers_detail {
namespace {

class GlobalAveragePoolingLayer final : public Layer {
 public:
  GlobalAveragePoolingLayer(const std::string& data_format, bool keepdims, std::string name)
      : Layer("global_average_pooling2d", std::move(name)),
        data_format_(resolve_data_format(data_format, layer_label(*this))),
        keepdims_(keepdims) {}

  std::string_view class_name() const override { return "GlobalAveragePooling2D"; }

  std::vector<Shape> compute_output_shapes(std::span<const Shape> input_shapes) const override {
    const Shape& shape = single_shape(*this, input_shapes);
    require_rank(
        *this, shape, 4,
        channels_first() ? "(batch, channels, height, width)" : "(batch, height, width, channels)");
    const int channel_axis = channels_first() ? 1 : 3;
    if (!keepdims_) return {symbolic_shape({shape[0], shape[channel_axis]})};
    return {channels_first() ? symbolic_shape({shape[0], shape[1], 1, 1})
                             : symbolic_shape({shape[0], 1, 1, shape[3]})};
  }

  std::vector<Tensor> call(std::span<const Tensor> inputs, bool) override {
    const Axes spatial = channels_first() ? Axes{2, 3} : Axes{1, 2};
    return {ops::mean(autocast(inputs[0], dtype()), spatial, keepdims_)};
  }

  boost::json::object get_config() const override {
    boost::json::object config = Layer::get_config();
    config["data_format"] = data_format_;
    config["keepdims"] = keepdims_;
    return config;
  }

 private:
  bool channels_first() const { return data_format_ == "channels_first"; }

  std::string data_format_;
  bool keepdims_;
};

}  // namespace

LayerRef global_average_pooling2d_from_config(ConfigReader& config) {
  return GlobalAveragePooling2D(config.get("data_format", std::string()),
                                config.get("keepdims", false), config.get("name", std::string()));
}

}  // namespace layers_detail

GlobalAveragePooling2D::GlobalAveragePooling2D(std::string data_format, bool keepdims,
                                               std::string name)
    : LayerRef(std::make_shared<layers_detail::GlobalAveragePoolingLayer>(data_format, keepdims,
                                                                          std::move(name))) {}

}  // namespace strata
