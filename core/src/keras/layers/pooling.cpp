// MaxPooling2D and AveragePooling2D over the ABI's NHWC pooling.
#include <algorithm>
#include <boost/json/array.hpp>

#include "builtin_layers.hpp"
#include "image_layout.hpp"
#include "layer_support.hpp"
#include "strata/keras/layers.hpp"
#include "strata/ops.hpp"

namespace strata {
namespace layers_detail {
namespace {

enum class PoolKind { max, average };

class PoolingLayer final : public Layer {
 public:
  PoolingLayer(PoolKind kind, std::array<int32_t, 2> pool_size, Pooling2DOptions options)
      : Layer(kind == PoolKind::max ? "max_pooling2d" : "average_pooling2d", options.name),
        kind_(kind),
        pool_size_(pool_size),
        strides_(options.strides.value_or(pool_size)),
        padding_(std::move(options.padding)),
        data_format_(resolve_data_format(options.data_format, layer_label(*this))) {
    check_padding(padding_, layer_label(*this), false);
    if (pool_size_[0] < 1 || pool_size_[1] < 1 || strides_[0] < 1 || strides_[1] < 1) {
      throw_layer_error<ValueError>(*this,
                                    "pool_size ({},{}) and strides ({},{}) must be "
                                    "positive",
                                    pool_size_[0], pool_size_[1], strides_[0], strides_[1]);
    }
  }

  std::string_view class_name() const override {
    return kind_ == PoolKind::max ? "MaxPooling2D" : "AveragePooling2D";
  }

  std::vector<Shape> compute_output_shapes(std::span<const Shape> input_shapes) const override {
    const Shape& shape = single_shape(*this, input_shapes);
    require_rank(
        *this, shape, 4,
        channels_first() ? "(batch, channels, height, width)" : "(batch, height, width, channels)");
    Shape out = shape;
    const int first = channels_first() ? 2 : 1;
    const ops::Padding2D pad = padding_for(shape[first], shape[first + 1]);
    for (int i = 0; i < 2; ++i) {
      if (shape[first + i] < 0) continue;
      out[first + i] =
          window_positions(shape[first + i], i == 0 ? pad.top + pad.bottom : pad.left + pad.right,
                           pool_size_[size_t(i)], strides_[size_t(i)]);
      if (out[first + i] < 1) {
        throw_layer_error<ShapeError>(*this,
                                      "input of shape {} is smaller than the pool "
                                      "({}x{}) with padding \"valid\"",
                                      shape_text(shape), pool_size_[0], pool_size_[1]);
      }
    }
    return {out};
  }

  std::vector<Tensor> call(std::span<const Tensor> inputs, bool) override {
    Tensor x = autocast(inputs[0], dtype());
    if (channels_first()) x = channels_to_last(x);
    ops::Pool2DOptions options;
    options.window_h = pool_size_[0];
    options.window_w = pool_size_[1];
    options.stride_h = strides_[0];
    options.stride_w = strides_[1];
    options.padding = padding_for(x.dim(1), x.dim(2));
    Tensor y = kind_ == PoolKind::max ? ops::max_pool2d(x, options) : ops::avg_pool2d(x, options);
    return {channels_first() ? channels_to_first(y) : y};
  }

  boost::json::object get_config() const override {
    boost::json::object config = Layer::get_config();
    config["pool_size"] = boost::json::array{pool_size_[0], pool_size_[1]};
    config["strides"] = boost::json::array{strides_[0], strides_[1]};
    config["padding"] = padding_;
    config["data_format"] = data_format_;
    return config;
  }

 private:
  bool channels_first() const { return data_format_ == "channels_first"; }

  // TF's "same" padding for these sizes (a size of -1, unknown, gets none); zeros for "valid".
  ops::Padding2D padding_for(int64_t height, int64_t width) const {
    if (padding_ != "same") return {};
    return ops::same_padding(std::max<int64_t>(height, 0), std::max<int64_t>(width, 0),
                             pool_size_[0], pool_size_[1], strides_[0], strides_[1]);
  }

  PoolKind kind_;
  std::array<int32_t, 2> pool_size_;
  std::array<int32_t, 2> strides_;
  std::string padding_;
  std::string data_format_;
};

// (pool_size, options) from a config.
std::pair<std::array<int32_t, 2>, Pooling2DOptions> read_pooling(ConfigReader& config) {
  Pooling2DOptions options;
  options.name = config.get("name", options.name);
  options.strides = read_spatial(config, "strides", 2);
  options.padding = config.get("padding", options.padding);
  options.data_format = config.get("data_format", options.data_format);
  return {read_spatial(config, "pool_size", 2).value_or(std::array<int32_t, 2>{2, 2}),
          std::move(options)};
}

}  // namespace

LayerRef max_pooling2d_from_config(ConfigReader& config) {
  auto [pool_size, options] = read_pooling(config);
  return MaxPooling2D(pool_size, std::move(options));
}

LayerRef average_pooling2d_from_config(ConfigReader& config) {
  auto [pool_size, options] = read_pooling(config);
  return AveragePooling2D(pool_size, std::move(options));
}

}  // namespace layers_detail

MaxPooling2D::MaxPooling2D(std::array<int32_t, 2> pool_size, Pooling2DOptions options)
    : LayerRef(std::make_shared<layers_detail::PoolingLayer>(layers_detail::PoolKind::max,
                                                             pool_size, std::move(options))) {}

AveragePooling2D::AveragePooling2D(std::array<int32_t, 2> pool_size, Pooling2DOptions options)
    : LayerRef(std::make_shared<layers_detail::PoolingLayer>(layers_detail::PoolKind::average,
                                                             pool_size, std::move(options))) {}

}  // namespace strata
