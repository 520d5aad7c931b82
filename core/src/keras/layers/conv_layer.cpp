#include "conv_layer.hpp"

#include <boost/json/array.hpp>

#include "image_layout.hpp"
#include "layer_support.hpp"

namespace strata::layers_detail {
ConvLayer::ConvLayer(ConvSpec spec)
    : Layer(spec.rank == 1 ? "conv1d" : "conv2d", spec.name),
      spec_(std::move(spec)),
      activation_(find_activation(*this, spec_.activation)) {
  const std::string label = layer_label(*this);
  spec_.data_format = resolve_data_format(spec_.data_format, label);
  check_padding(spec_.padding, label, spec_.rank == 1);
  const auto positive = [](const std::array<int32_t, 2>& pair) {
    return pair[0] >= 1 && pair[1] >= 1;
  };
  if (spec_.filters <= 0 || !positive(spec_.kernel_size) || !positive(spec_.strides) ||
      !positive(spec_.dilation_rate) || spec_.groups < 1) {
    throw_layer_error<ValueError>(*this,
                                  "filters, kernel_size, strides, dilation_rate and "
                                  "groups must be positive");
  }
  if (spec_.filters % spec_.groups != 0) {
    throw_layer_error<ValueError>(*this, "filters ({}) must be divisible by groups ({})",
                                  spec_.filters, spec_.groups);
  }
}

std::array<int64_t, 2> ConvLayer::spatial_sizes(const Shape& shape) const {
  const int first = channels_first() ? 2 : 1;
  if (spec_.rank == 1) return {1, shape[first]};
  return {shape[first], shape[first + 1]};
}

ops::Padding2D ConvLayer::padding_for(const std::array<int64_t, 2>& sizes) const {
  if (spec_.padding == "same") {
    return ops::same_padding(sizes[0], sizes[1], spec_.kernel_size[0], spec_.kernel_size[1],
                             spec_.strides[0], spec_.strides[1], spec_.dilation_rate[0],
                             spec_.dilation_rate[1]);
  }
  if (spec_.padding == "causal") {
    return {0, 0, spec_.dilation_rate[1] * (spec_.kernel_size[1] - 1), 0};
  }
  return {};
}

std::vector<Shape> ConvLayer::compute_output_shapes(std::span<const Shape> input_shapes) const {
  const Shape& shape = single_shape(*this, input_shapes);
  const char* layout =
      spec_.rank == 1 ? (channels_first() ? "(batch, channels, steps)" : "(batch, steps, channels)")
                      : (channels_first() ? "(batch, channels, height, width)"
                                          : "(batch, height, width, channels)");
  require_rank(*this, shape, spec_.rank + 2, layout);
  const int64_t channels = shape[channel_axis()];
  if (channels < 0 || channels % spec_.groups != 0) {
    throw_layer_error<ShapeError>(*this,
                                  "the input's channel axis must be known and divisible "
                                  "by groups ({}); got shape {}",
                                  spec_.groups, shape_text(shape));
  }
  const std::array<int64_t, 2> sizes = spatial_sizes(shape);
  Shape out = shape;
  out[channel_axis()] = spec_.filters;
  const int first = channels_first() ? 2 : 1;
  for (int i = 2 - spec_.rank; i < 2; ++i) {
    const int axis = first + i - (2 - spec_.rank);
    if (sizes[size_t(i)] < 0) {
      out[axis] = -1;
      continue;
    }
    const ops::Padding2D pad = padding_for(sizes);
    const int64_t total_pad = i == 0 ? pad.top + pad.bottom : pad.left + pad.right;
    out[axis] = window_positions(sizes[size_t(i)], total_pad, spec_.kernel_size[size_t(i)],
                                 spec_.strides[size_t(i)], spec_.dilation_rate[size_t(i)]);
    if (out[axis] < 1) {
      throw_layer_error<ShapeError>(*this,
                                    "input of shape {} is smaller than the kernel ({}x{}, "
                                    "dilation {}x{}) with padding \"{}\"",
                                    shape_text(shape), spec_.kernel_size[0], spec_.kernel_size[1],
                                    spec_.dilation_rate[0], spec_.dilation_rate[1], spec_.padding);
    }
  }
  return {out};
}

void ConvLayer::build(std::span<const Shape> input_shapes) {
  const int64_t in_per_group = input_shapes[0][channel_axis()] / spec_.groups;
  const Shape kernel_shape =
      spec_.rank == 1
          ? Shape{spec_.kernel_size[1], in_per_group, spec_.filters}
          : Shape{spec_.kernel_size[0], spec_.kernel_size[1], in_per_group, spec_.filters};
  kernel_ =
      add_weight("kernel", kernel_shape, spec_.kernel_initializer, true, spec_.kernel_regularizer);
  if (spec_.use_bias) {
    bias_ = add_weight("bias", Shape{spec_.filters}, spec_.bias_initializer, true,
                       spec_.bias_regularizer);
  }
}

void ConvLayer::check_input_shapes(std::span<const Shape> built,
                                   std::span<const Shape> inputs) const {
  const int64_t channels = built[0][channel_axis()];
  if (inputs[0][channel_axis()] != channels) {
    throw_layer_error<ShapeError>(*this,
                                  "was built for inputs with {} channels (shape {}), got "
                                  "shape {}",
                                  channels, shape_text(built[0]), shape_text(inputs[0]));
  }
}

std::vector<Tensor> ConvLayer::call(std::span<const Tensor> inputs, bool) {
  Tensor x = autocast(inputs[0], dtype());
  if (channels_first()) x = channels_to_last(x);
  Tensor kernel = kernel_.value();
  if (spec_.rank == 1) {
    x = x.expand_dims(1);  // (batch, 1, steps, channels)
    kernel = kernel.expand_dims(0);
  }
  ops::Conv2DOptions options;
  options.stride_h = spec_.strides[0];
  options.stride_w = spec_.strides[1];
  options.dilation_h = spec_.dilation_rate[0];
  options.dilation_w = spec_.dilation_rate[1];
  options.groups = spec_.groups;
  options.padding = padding_for({x.dim(1), x.dim(2)});
  Tensor y = ops::conv2d(x, kernel, options);
  if (spec_.use_bias) y = y + bias_.value();
  if (spec_.rank == 1) y = y.squeeze({1});
  if (channels_first()) y = channels_to_first(y);
  return {activation_(y)};
}

boost::json::object ConvLayer::get_config() const {
  const auto tuple = [&](const std::array<int32_t, 2>& pair) {
    return spec_.rank == 1 ? boost::json::array{pair[1]} : boost::json::array{pair[0], pair[1]};
  };
  boost::json::object config = Layer::get_config();
  config["filters"] = spec_.filters;
  config["kernel_size"] = tuple(spec_.kernel_size);
  config["strides"] = tuple(spec_.strides);
  config["padding"] = spec_.padding;
  config["data_format"] = spec_.data_format;
  config["dilation_rate"] = tuple(spec_.dilation_rate);
  config["groups"] = spec_.groups;
  config["activation"] = activation_.name;
  config["use_bias"] = spec_.use_bias;
  config["kernel_initializer"] = spec_.kernel_initializer.to_json();
  config["bias_initializer"] = spec_.bias_initializer.to_json();
  config["kernel_regularizer"] = spec_.kernel_regularizer.to_json();
  config["bias_regularizer"] = spec_.bias_regularizer.to_json();
  return config;
}

}  // namespace strata::layers_detail
