// Keras activations by name, shared by Activation, Dense and the convolutions.
#pragma once

#include <string>
#include <string_view>

#include "strata/keras/layer.hpp"
#include "strata/tensor.hpp"

namespace strata::layers_detail {

using ActivationFn = Tensor (*)(const Tensor&);

// A Keras activation resolved once: its canonical name ("swish" is "silu", "" is "linear") and
// its function.
struct ActivationFunction {
  std::string name;
  ActivationFn fn;

  bool linear() const noexcept { return name == "linear"; }
  Tensor operator()(const Tensor& x) const { return fn(x); }
};

// Throws ValueError naming `name` and listing every valid name.
ActivationFunction find_activation(std::string_view name);
// The same, with the error also naming the layer that asked.
ActivationFunction find_activation(const Layer& layer, std::string_view name);

}  // namespace strata::layers_detail
