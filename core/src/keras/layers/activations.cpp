#include "activations.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <utility>
#include <vector>

#include "layer_support.hpp"
#include "strata/ops.hpp"

namespace strata::layers_detail {
namespace {

// Keras 3's definitions (keras/src/activations/activations.py); note that the "gelu" activation
// is the exact erf form (approximate=False), unlike ops.gelu's default.
Tensor linear(const Tensor& x) {
  return x;
}
Tensor gelu_exact(const Tensor& x) {
  return ops::gelu(x, false);
}
Tensor leaky_relu(const Tensor& x) {
  return ops::leaky_relu(x, 0.2);
}
Tensor elu(const Tensor& x) {
  return ops::elu(x, 1.0);
}
Tensor softmax(const Tensor& x) {
  return ops::softmax(x, -1);
}
Tensor log_softmax(const Tensor& x) {
  return ops::log_softmax(x, -1);
}
Tensor relu6(const Tensor& x) {
  return ops::clip(x, 0, 6);
}
// relu6(x + 3) / 6
Tensor hard_sigmoid(const Tensor& x) {
  return ops::clip(x * (1.0 / 6.0) + 0.5, 0, 1);
}
Tensor hard_silu(const Tensor& x) {
  return x * hard_sigmoid(x);
}
Tensor hard_tanh(const Tensor& x) {
  return ops::clip(x, -1, 1);
}
Tensor mish(const Tensor& x) {
  return x * ops::tanh(ops::softplus(x));
}
Tensor log_sigmoid(const Tensor& x) {
  return -ops::softplus(-x);
}
Tensor tanh_shrink(const Tensor& x) {
  return x - ops::tanh(x);
}

constexpr std::pair<std::string_view, ActivationFn> kActivations[] = {
    {"linear", linear},
    {"relu", ops::relu},
    {"sigmoid", ops::sigmoid},
    {"tanh", ops::tanh},
    {"softmax", softmax},
    {"log_softmax", log_softmax},
    {"elu", elu},
    {"selu", ops::selu},
    {"gelu", gelu_exact},
    {"silu", ops::silu},
    {"swish", ops::silu},
    {"softplus", ops::softplus},
    {"softsign", ops::softsign},
    {"leaky_relu", leaky_relu},
    {"exponential", ops::exp},
    {"relu6", relu6},
    {"hard_sigmoid", hard_sigmoid},
    {"hard_silu", hard_silu},
    {"hard_swish", hard_silu},
    {"hard_tanh", hard_tanh},
    {"mish", mish},
    {"log_sigmoid", log_sigmoid},
    {"tanh_shrink", tanh_shrink},
    // The ABI's other unary functions, under their ABI names.
    {"neg", ops::negative},
    {"abs", ops::abs},
    {"sign", ops::sign},
    {"square", ops::square},
    {"sqrt", ops::sqrt},
    {"rsqrt", ops::rsqrt},
    {"reciprocal", ops::reciprocal},
    {"exp", ops::exp},
    {"log", ops::log},
    {"negative", ops::negative},
};

// Aliases serialize under the name Keras would write.
std::string_view canonical(std::string_view name) {
  if (name.empty()) return "linear";
  if (name == "swish") return "silu";
  if (name == "hard_swish") return "hard_silu";
  if (name == "negative") return "neg";
  return name;
}

}  // namespace

ActivationFunction find_activation(std::string_view name) {
  const std::string_view wanted = canonical(name);
  for (const auto& [known, fn] : kActivations) {
    if (known == wanted) return {std::string(wanted), fn};
  }
  std::vector<std::string_view> names;
  for (const auto& entry : kActivations) names.push_back(entry.first);
  throw ValueError(
      fmt::format("unknown activation \"{}\"; valid names: {}", name, fmt::join(names, ", ")));
}

ActivationFunction find_activation(const Layer& layer, std::string_view name) {
  try {
    return find_activation(name);
  } catch (const ValueError& error) {
    throw ValueError(fmt::format("{}: {}", layer_label(layer), error.what()));
  }
}

}  // namespace strata::layers_detail
