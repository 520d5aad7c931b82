// Conv1D and Conv2D: one implementation over the ABI's NHWC conv2d. A 1-D convolution is a 2-D
// one over a height of 1; channels_first inputs are transposed views.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "activations.hpp"
#include "strata/keras/layer.hpp"
#include "strata/keras/layers.hpp"
#include "strata/ops.hpp"

namespace strata::layers_detail {

// Both layers' arguments; for rank 1 the first entry of each pair is 1 (the height).
struct ConvSpec {
  int rank = 2;  // spatial axes: 1 or 2
  int64_t filters = 0;
  std::array<int32_t, 2> kernel_size = {1, 1};
  std::array<int32_t, 2> strides = {1, 1};
  std::string padding;  // "valid", "same", "causal" (rank 1)
  std::string data_format;
  std::array<int32_t, 2> dilation_rate = {1, 1};
  int32_t groups = 1;
  std::string activation;
  bool use_bias = true;
  Initializer kernel_initializer = "glorot_uniform";
  Initializer bias_initializer = "zeros";
  Regularizer kernel_regularizer;
  Regularizer bias_regularizer;
  std::string name;
};

class ConvLayer final : public Layer {
 public:
  explicit ConvLayer(ConvSpec spec);

  std::string_view class_name() const override { return spec_.rank == 1 ? "Conv1D" : "Conv2D"; }
  std::vector<Shape> compute_output_shapes(std::span<const Shape> input_shapes) const override;
  std::vector<Tensor> call(std::span<const Tensor> inputs, bool training) override;
  boost::json::object get_config() const override;

 protected:
  void build(std::span<const Shape> input_shapes) override;
  void check_input_shapes(std::span<const Shape> built,
                          std::span<const Shape> inputs) const override;

 private:
  bool channels_first() const { return spec_.data_format == "channels_first"; }
  int channel_axis() const { return channels_first() ? 1 : spec_.rank + 1; }
  // The input's spatial sizes as (height, width), height 1 for rank 1; -1 where unknown.
  std::array<int64_t, 2> spatial_sizes(const Shape& shape) const;
  ops::Padding2D padding_for(const std::array<int64_t, 2>& sizes) const;

  ConvSpec spec_;
  ActivationFunction activation_;
  Variable kernel_, bias_;
};

}  // namespace strata::layers_detail
