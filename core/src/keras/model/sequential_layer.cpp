// SequentialLayer: the layer list and the graph made from it.
#include "sequential_layer.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "batch_shape.hpp"
#include "graph_node.hpp"
#include "input_layer.hpp"
#include "strata/context.hpp"
#include "strata/op_error.hpp"

namespace strata {
namespace {

std::vector<Shape> shapes_of(const KerasTensor& input) {
  return {input.shape()};
}

}  // namespace

SequentialLayer::SequentialLayer(std::string name) : ModelLayer("sequential", std::move(name)) {}

void SequentialLayer::add(const KerasTensor& input) {
  add(LayerRef(input));
}

void SequentialLayer::add(const LayerRef& layer) {
  if (!layer) throw ValueError(fmt::format("Sequential '{}': add() got an empty layer", name()));
  if (const auto* input = layer.as<detail::InputLayer>()) {
    if (input_ || !layers_.empty()) {
      throw ValueError(fmt::format("Sequential '{}': an Input can only come first, and once{}",
                                   name(),
                                   input_ ? fmt::format("; this model already takes input shape {}",
                                                        detail::keras_shape_text(input_->shape()))
                                          : std::string()));
    }
    auto node = detail::make_graph_node(layer.ptr(), {}, {input->batch_shape()}, {input->dtype()});
    input_ = detail::node_output(node, 0);
    return;
  }
  const auto same_name = [&](const LayerRef& other) { return other->name() == layer->name(); };
  if (std::any_of(layers_.begin(), layers_.end(), same_name)) {
    throw ValueError(
        fmt::format("All layers added to a Sequential model should have unique "
                    "names. Name '{}' is already the name of a layer in '{}'; pass "
                    "another `name`.",
                    layer->name(), name()));
  }
  layers_.push_back(layer);
  try {
    rebuild();
  } catch (...) {
    layers_.pop_back();
    rebuild();
    throw;
  }
}

void SequentialLayer::pop() {
  if (layers_.empty()) {
    throw ValueError(fmt::format("Sequential '{}': pop() on a model without layers", name()));
  }
  layers_.pop_back();
  rebuild();
}

void SequentialLayer::make_graph() {
  if (!input_ || layers_.empty()) {
    set_graph({}, {});
    return;
  }
  KerasTensor x = *input_;
  for (const LayerRef& layer : layers_) x = layer(x);
  set_graph({*input_}, {x});
}

void SequentialLayer::rebuild() {
  make_graph();
  if (has_graph() && !built()) ensure_built(shapes_of(*input_));
}

std::vector<Shape> SequentialLayer::compute_output_shapes(std::span<const Shape> shapes) const {
  if (has_graph()) return ModelLayer::compute_output_shapes(shapes);
  if (shapes.size() != 1) {
    throw ValueError(fmt::format("Sequential '{}' takes one input, got {}", name(), shapes.size()));
  }
  std::vector<Shape> current(shapes.begin(), shapes.end());
  for (const LayerRef& layer : layers_) current = layer->compute_output_shapes(current);
  return current;
}

void SequentialLayer::build(std::span<const Shape> shapes) {
  if (has_graph()) return;
  if (layers_.empty()) {
    throw ValueError(
        fmt::format("Sequential '{}' has no layers; add() some before calling or "
                    "fitting it",
                    name()));
  }
  if (!input_) {
    input_ = Input(detail::without_batch(shapes.front()), pending_dtype_.value_or(floatx()));
  }
  make_graph();
}

void SequentialLayer::build_for(std::span<const Shape> shapes, std::span<const DType> dtypes) {
  if (has_graph()) {
    ModelLayer::build_for(shapes, dtypes);
    return;
  }
  if (shapes.size() != 1) {
    throw ValueError(fmt::format("Sequential '{}' takes one input, got {}", name(), shapes.size()));
  }
  // Keras's InputLayer defaults to floatx; integer data (token ids) keeps its dtype so that an
  // Embedding first gets indices.
  pending_dtype_ = is_integer(dtypes.front()) ? dtypes.front() : floatx();
  const Shape batch_shape = detail::with_batch(-1, detail::without_batch(shapes.front()));
  try {
    ensure_built(std::span<const Shape>(&batch_shape, 1));
  } catch (...) {
    pending_dtype_.reset();
    throw;
  }
  pending_dtype_.reset();
}

}  // namespace strata
