// strata/keras/layers.hpp: the built-in layers, with Keras's arguments and defaults.
//
// Each class is a handle (see layer.hpp): `Dense(64, "relu")` makes a new layer. Arguments
// Keras takes positionally come first; the rest sit in an options struct written with
// designated initializers, in Keras's names:
//
//   model.add(Conv2D(32, {3, 3}, {.padding = "same", .activation = "relu"}));
//
// Activations are named as Keras names them: "linear" (none), "relu", "sigmoid", "tanh",
// "softmax", "log_softmax", "elu", "selu", "gelu", "silu" (alias "swish"), "softplus",
// "softsign", "leaky_relu", "exponential", and the ABI's other unary functions by name.
// A data_format of "" means the config's image_data_format.
#pragma once

#include <array>
#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "strata/keras/initializers.hpp"
#include "strata/keras/layer.hpp"
#include "strata/keras/regularizers.hpp"

namespace strata {

struct DenseOptions {
  std::string activation = "linear";
  bool use_bias = true;
  Initializer kernel_initializer = "glorot_uniform";
  Initializer bias_initializer = "zeros";
  Regularizer kernel_regularizer = {};
  Regularizer bias_regularizer = {};
  std::string name = {};
};
// Applies to the last axis of inputs of any rank >= 2.
class Dense : public LayerRef {
 public:
  explicit Dense(int64_t units, DenseOptions options = {});
  // Dense(64, "relu"). A template so that a braced options list, Dense(64, {.name = "x"}), never
  // matches it (with a std::string parameter GCC calls that call ambiguous).
  template <std::convertible_to<std::string_view> S>
  Dense(int64_t units, S&& activation)
      : Dense(units, DenseOptions{.activation = std::string(std::string_view(activation))}) {}
};

class Activation : public LayerRef {
 public:
  explicit Activation(std::string activation, std::string name = {});
};

struct DropoutOptions {
  std::optional<uint64_t> seed = std::nullopt;  // else drawn from the context's seed
  std::string name = {};
};
// Inverted dropout: in training, zeroes each element with probability `rate` and scales the
// rest by 1/(1-rate); outside training, the identity.
class Dropout : public LayerRef {
 public:
  explicit Dropout(double rate, DropoutOptions options = {});
};

class Flatten : public LayerRef {
 public:
  explicit Flatten(std::string data_format = {}, std::string name = {});
};

// target_shape excludes the batch axis; one entry may be -1.
class Reshape : public LayerRef {
 public:
  explicit Reshape(std::vector<int64_t> target_shape, std::string name = {});
};

struct Conv2DOptions {
  std::array<int32_t, 2> strides = {1, 1};
  std::string padding = "valid";  // or "same"
  std::string data_format = {};   // "" = config's image_data_format
  std::array<int32_t, 2> dilation_rate = {1, 1};
  int32_t groups = 1;
  std::string activation = "linear";
  bool use_bias = true;
  Initializer kernel_initializer = "glorot_uniform";
  Initializer bias_initializer = "zeros";
  Regularizer kernel_regularizer = {};
  Regularizer bias_regularizer = {};
  std::string name = {};
};
class Conv2D : public LayerRef {
 public:
  Conv2D(int64_t filters, std::array<int32_t, 2> kernel_size, Conv2DOptions options = {});
};

struct Conv1DOptions {
  int32_t strides = 1;
  std::string padding = "valid";  // "valid", "same" or "causal"
  std::string data_format = "channels_last";
  int32_t dilation_rate = 1;
  int32_t groups = 1;
  std::string activation = "linear";
  bool use_bias = true;
  Initializer kernel_initializer = "glorot_uniform";
  Initializer bias_initializer = "zeros";
  Regularizer kernel_regularizer = {};
  Regularizer bias_regularizer = {};
  std::string name = {};
};
// A Conv2D over a height of 1 (the ABI has no separate 1-D convolution).
class Conv1D : public LayerRef {
 public:
  Conv1D(int64_t filters, int32_t kernel_size, Conv1DOptions options = {});
};

struct Pooling2DOptions {
  std::optional<std::array<int32_t, 2>> strides = std::nullopt;  // default: pool_size
  std::string padding = "valid";
  std::string data_format = {};
  std::string name = {};
};
class MaxPooling2D : public LayerRef {
 public:
  explicit MaxPooling2D(std::array<int32_t, 2> pool_size = {2, 2}, Pooling2DOptions options = {});
};
class AveragePooling2D : public LayerRef {
 public:
  explicit AveragePooling2D(std::array<int32_t, 2> pool_size = {2, 2},
                            Pooling2DOptions options = {});
};

class GlobalAveragePooling2D : public LayerRef {
 public:
  explicit GlobalAveragePooling2D(std::string data_format = {}, bool keepdims = false,
                                  std::string name = {});
};

struct BatchNormalizationOptions {
  int axis = -1;
  double momentum = 0.99;
  double epsilon = 1e-3;
  bool center = true;
  bool scale = true;
  Initializer beta_initializer = "zeros";
  Initializer gamma_initializer = "ones";
  Initializer moving_mean_initializer = "zeros";
  Initializer moving_variance_initializer = "ones";
  Regularizer beta_regularizer = {};
  Regularizer gamma_regularizer = {};
  std::string name = {};
};
class BatchNormalization : public LayerRef {
 public:
  explicit BatchNormalization(BatchNormalizationOptions options = {});
};

struct LayerNormalizationOptions {
  std::vector<int> axis = {-1};
  double epsilon = 1e-3;
  bool center = true;
  bool scale = true;
  Initializer beta_initializer = "zeros";
  Initializer gamma_initializer = "ones";
  Regularizer beta_regularizer = {};
  Regularizer gamma_regularizer = {};
  std::string name = {};
};
class LayerNormalization : public LayerRef {
 public:
  explicit LayerNormalization(LayerNormalizationOptions options = {});
};

struct EmbeddingOptions {
  Initializer embeddings_initializer = "uniform";  // Keras: RandomUniform(-0.05, 0.05)
  Regularizer embeddings_regularizer = {};
  std::string name = {};
};
class Embedding : public LayerRef {
 public:
  Embedding(int64_t input_dim, int64_t output_dim, EmbeddingOptions options = {});
};

// Merging layers: several inputs of one shape (Add) or of shapes equal but on `axis`.
class Add : public LayerRef {
 public:
  explicit Add(std::string name = {});
};
class Concatenate : public LayerRef {
 public:
  explicit Concatenate(int axis = -1, std::string name = {});
};

}  // namespace strata
