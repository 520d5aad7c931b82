// The Layer base: naming, building on first use, weights and their regularizers.
#include "strata/keras/layer.hpp"

#include <fmt/format.h>

#include "layer_names.hpp"
#include "layer_support.hpp"
#include "strata/ops.hpp"

namespace strata {

using layers_detail::throw_layer_error;

Layer::Layer(std::string_view default_prefix, std::string name)
    : name_(name.empty() ? layers_detail::unique_layer_name(default_prefix) : std::move(name)),
      dtype_(floatx()) {}

Layer::~Layer() = default;

void Layer::set_dtype(DType dtype) {
  if (!is_floating(dtype)) {
    throw_layer_error<DTypeError>(*this, "dtype {} is not a float dtype", dtype_name(dtype));
  }
  if (built_ && dtype != dtype_) {
    throw_layer_error<ValueError>(*this,
                                  "cannot change the dtype from {} to {} after the layer "
                                  "is built; set it before the first call",
                                  dtype_name(dtype_), dtype_name(dtype));
  }
  dtype_ = dtype;
}

void Layer::check_input_count(size_t count) const {
  const int expected = num_inputs();
  const bool ok = expected < 0 ? count >= 2 : count == static_cast<size_t>(expected);
  if (!ok) {
    throw_layer_error<ValueError>(*this, "takes {} input{}, got {}",
                                  expected < 0 ? "2 or more" : std::to_string(expected),
                                  expected == 1 ? "" : "s", count);
  }
}

void Layer::ensure_built(std::span<const Shape> input_shapes) {
  check_input_count(input_shapes.size());
  compute_output_shapes(input_shapes);  // rejects what the layer cannot take, naming it
  if (built_) {
    check_input_shapes(built_shapes_, input_shapes);
    return;
  }
  try {
    build(input_shapes);
  } catch (...) {
    weights_.clear();
    throw;
  }
  built_shapes_.assign(input_shapes.begin(), input_shapes.end());
  built_ = true;
}

void Layer::build(std::span<const Shape>) {}

void Layer::check_input_shapes(std::span<const Shape>, std::span<const Shape>) const {}

Tensor Layer::operator()(const Tensor& input, bool training) {
  std::vector<Tensor> outputs = (*this)(std::span<const Tensor>(&input, 1), training);
  if (outputs.size() != 1) {
    throw_layer_error<ValueError>(*this,
                                  "returned {} outputs; call it with a list of inputs "
                                  "to get them all",
                                  outputs.size());
  }
  return outputs[0];
}

std::vector<Tensor> Layer::operator()(std::span<const Tensor> inputs, bool training) {
  std::vector<Shape> shapes;
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (!inputs[i].defined()) {
      throw_layer_error<ValueError>(*this, "input {} is an undefined Tensor", i);
    }
    shapes.push_back(inputs[i].shape());
  }
  ensure_built(shapes);
  return call(inputs, training);
}

Variable Layer::add_weight(std::string_view name, const Shape& shape,
                           const Initializer& initializer, bool trainable,
                           const Regularizer& regularizer) {
  Variable variable(initializer(shape, dtype_), fmt::format("{}/{}", name_, name),
                    trainable && trainable_);
  weights_.push_back({variable, regularizer, trainable});
  return variable;
}

std::vector<Variable> Layer::weights() const {
  std::vector<Variable> out;
  out.reserve(weights_.size());
  for (const OwnedWeight& weight : weights_) out.push_back(weight.variable);
  return out;
}

std::vector<Variable> Layer::trainable_weights() const {
  std::vector<Variable> out;
  for (const Variable& weight : weights()) {
    if (weight.trainable()) out.push_back(weight);
  }
  return out;
}

std::vector<Variable> Layer::non_trainable_weights() const {
  std::vector<Variable> out;
  for (const Variable& weight : weights()) {
    if (!weight.trainable()) out.push_back(weight);
  }
  return out;
}

int64_t Layer::count_params() const {
  const std::vector<Variable> all = weights();
  if (!built_ && all.empty()) {
    throw_layer_error<ValueError>(*this,
                                  "count_params needs the layer built: call it on an "
                                  "input (or ensure_built with the input shapes) first");
  }
  int64_t total = 0;
  for (const Variable& weight : all) total += weight.shape().numel();
  return total;
}

void Layer::set_trainable(bool trainable) {
  trainable_ = trainable;
  for (OwnedWeight& weight : weights_) weight.variable.set_trainable(trainable && weight.trainable);
}

Tensor Layer::regularization_loss() const {
  Tensor total;
  for (const OwnedWeight& weight : weights_) {
    if (!weight.regularizer.active()) continue;
    Tensor penalty = weight.regularizer(weight.variable.value());
    total = total.defined() ? total + penalty : penalty;
  }
  return total;
}

boost::json::object Layer::get_config() const {
  return {{"name", name_}, {"trainable", trainable_}, {"dtype", dtype_name(dtype_)}};
}

}  // namespace strata
