// Conv1D and Conv2D: their handles and configs.
#include <optional>

#include "builtin_layers.hpp"
#include "conv_layer.hpp"

namespace strata {
namespace layers_detail {
namespace {

template <typename Options>
ConvSpec common_spec(int rank, int64_t filters, Options options) {
  ConvSpec spec;
  spec.rank = rank;
  spec.filters = filters;
  spec.padding = std::move(options.padding);
  spec.data_format = std::move(options.data_format);
  spec.groups = options.groups;
  spec.activation = std::move(options.activation);
  spec.use_bias = options.use_bias;
  spec.kernel_initializer = std::move(options.kernel_initializer);
  spec.bias_initializer = std::move(options.bias_initializer);
  spec.kernel_regularizer = options.kernel_regularizer;
  spec.bias_regularizer = options.bias_regularizer;
  spec.name = std::move(options.name);
  return spec;
}

// A required size field (kernel_size).
std::array<int32_t, 2> require_spatial(ConfigReader& config, std::string_view key, int rank) {
  const auto sizes = read_spatial(config, key, rank);
  if (!sizes) (void)config.require<std::vector<int>>(key);  // reports it missing
  return sizes.value();
}

template <typename Options>
void read_common(ConfigReader& config, Options& options) {
  options.name = config.get("name", options.name);
  options.padding = config.get("padding", options.padding);
  options.data_format = config.get("data_format", options.data_format);
  options.groups = config.get("groups", options.groups);
  options.activation = config.get("activation", options.activation);
  options.use_bias = config.get("use_bias", options.use_bias);
  options.kernel_initializer = config.get("kernel_initializer", options.kernel_initializer);
  options.bias_initializer = config.get("bias_initializer", options.bias_initializer);
  options.kernel_regularizer = config.get("kernel_regularizer", options.kernel_regularizer);
  options.bias_regularizer = config.get("bias_regularizer", options.bias_regularizer);
}

}  // namespace

LayerRef conv1d_from_config(ConfigReader& config) {
  Conv1DOptions options;
  read_common(config, options);
  options.strides = read_spatial(config, "strides", 1).value_or(std::array{1, options.strides})[1];
  options.dilation_rate =
      read_spatial(config, "dilation_rate", 1).value_or(std::array{1, options.dilation_rate})[1];
  const int32_t kernel = require_spatial(config, "kernel_size", 1)[1];
  return Conv1D(config.require<int64_t>("filters"), kernel, std::move(options));
}

LayerRef conv2d_from_config(ConfigReader& config) {
  Conv2DOptions options;
  read_common(config, options);
  options.strides = read_spatial(config, "strides", 2).value_or(options.strides);
  options.dilation_rate = read_spatial(config, "dilation_rate", 2).value_or(options.dilation_rate);
  const std::array<int32_t, 2> kernel = require_spatial(config, "kernel_size", 2);
  return Conv2D(config.require<int64_t>("filters"), kernel, std::move(options));
}

}  // namespace layers_detail

Conv2D::Conv2D(int64_t filters, std::array<int32_t, 2> kernel_size, Conv2DOptions options)
    : LayerRef([&] {
        layers_detail::ConvSpec spec = layers_detail::common_spec(2, filters, options);
        spec.kernel_size = kernel_size;
        spec.strides = options.strides;
        spec.dilation_rate = options.dilation_rate;
        return std::make_shared<layers_detail::ConvLayer>(std::move(spec));
      }()) {}

Conv1D::Conv1D(int64_t filters, int32_t kernel_size, Conv1DOptions options)
    : LayerRef([&] {
        layers_detail::ConvSpec spec = layers_detail::common_spec(1, filters, options);
        spec.kernel_size = {1, kernel_size};
        spec.strides = {1, options.strides};
        spec.dilation_rate = {1, options.dilation_rate};
        return std::make_shared<layers_detail::ConvLayer>(std::move(spec));
      }()) {}

}  // namespace strata
