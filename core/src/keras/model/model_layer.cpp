// ModelLayer: running a functional graph, and a model's weights.
#include "model_layer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "batch_shape.hpp"
#include "strata/op_error.hpp"
#include "strata/ops.hpp"

namespace strata {
namespace {

std::vector<Shape> input_shapes(const std::vector<KerasTensor>& inputs) {
  std::vector<Shape> shapes;
  for (const KerasTensor& input : inputs) shapes.push_back(input.shape());
  return shapes;
}

}  // namespace

ModelLayer::ModelLayer(std::vector<KerasTensor> inputs, std::vector<KerasTensor> outputs,
                       std::string name)
    : Layer("functional", std::move(name)) {
  set_graph(std::move(inputs), std::move(outputs));
  ensure_built(input_shapes(inputs_));
}

ModelLayer::ModelLayer(std::string_view default_prefix, std::string name)
    : Layer(default_prefix, std::move(name)) {}

void ModelLayer::set_graph(std::vector<KerasTensor> inputs, std::vector<KerasTensor> outputs) {
  if (inputs.empty()) {
    inputs_.clear();
    outputs_.clear();
    topology_ = {};
    return;
  }
  detail::GraphTopology topology = detail::map_graph(inputs, outputs);
  inputs_ = std::move(inputs);
  outputs_ = std::move(outputs);
  topology_ = std::move(topology);
}

int ModelLayer::num_inputs() const {
  return std::max<int>(1, static_cast<int>(inputs_.size()));
}

void ModelLayer::check_inputs(std::span<const Shape> shapes) const {
  if (shapes.size() != inputs_.size()) {
    throw ValueError(fmt::format("model '{}' expects {} input(s) but received {}", name(),
                                 inputs_.size(), shapes.size()));
  }
  for (size_t k = 0; k < shapes.size(); ++k) {
    const Shape& expected = inputs_[k].shape();
    if (!detail::shape_compatible(expected, shapes[k])) {
      throw ValueError(fmt::format(
          "Input {} of model '{}' is incompatible: expected shape={}, found shape={}", k, name(),
          detail::keras_shape_text(expected), detail::keras_shape_text(shapes[k])));
    }
  }
}

std::vector<Shape> ModelLayer::compute_output_shapes(std::span<const Shape> shapes) const {
  check_inputs(shapes);
  return detail::run_graph<Shape>(topology_, inputs_, shapes, outputs_,
                                  [](const detail::GraphNode& node, std::vector<Shape> args) {
                                    return node.layer->compute_output_shapes(args);
                                  });
}

std::vector<Tensor> ModelLayer::call(std::span<const Tensor> inputs, bool training) {
  std::vector<Shape> shapes;
  std::vector<Tensor> cast;
  for (size_t k = 0; k < inputs.size(); ++k) {
    shapes.push_back(inputs[k].shape());
    // As Keras's Functional: inputs take their Input's dtype.
    const DType wanted = k < inputs_.size() ? inputs_[k].dtype() : inputs[k].dtype();
    cast.push_back(inputs[k].dtype() == wanted ? inputs[k] : ops::cast(inputs[k], wanted));
  }
  check_inputs(shapes);
  return detail::run_graph<Tensor>(
      topology_, inputs_, cast, outputs_,
      [training](const detail::GraphNode& node, std::vector<Tensor> args) {
        return (*node.layer)(std::span<const Tensor>(args), training);
      });
}

std::vector<LayerRef> ModelLayer::layers() const {
  std::vector<LayerRef> out;
  for (const auto& layer : topology_.layers) out.emplace_back(layer);
  return out;
}

std::vector<Variable> ModelLayer::weights() const {
  std::vector<Variable> out;
  for (const LayerRef& layer : layers()) {
    for (const Variable& weight : layer->weights()) {
      if (std::find(out.begin(), out.end(), weight) == out.end()) out.push_back(weight);
    }
  }
  return out;
}

void ModelLayer::set_trainable(bool trainable) {
  Layer::set_trainable(trainable);
  for (const LayerRef& layer : layers()) layer->set_trainable(trainable);
}

Tensor ModelLayer::regularization_loss() const {
  Tensor total;
  for (const LayerRef& layer : layers()) {
    const Tensor penalty = layer->regularization_loss();
    if (penalty.defined()) total = total.defined() ? total + penalty : penalty;
  }
  return total;
}

// Keras's rule: a chain, where every depth holds one node with at most one input and no layer
// is called twice.
bool ModelLayer::sequential_like() const {
  std::map<int, std::vector<const detail::GraphNode*>> by_depth;
  for (const auto& [node, depth] : topology_.depth) by_depth[depth].push_back(node);
  for (const auto& [depth, nodes] : by_depth) {
    if (nodes.size() > 1 || nodes.front()->inputs.size() > 1) return false;
  }
  return std::all_of(topology_.layers.begin(), topology_.layers.end(), [&](const auto& layer) {
    return detail::nodes_of(topology_, *layer).size() <= 1;
  });
}

void ModelLayer::build_for(std::span<const Shape> shapes, std::span<const DType> /*dtypes*/) {
  check_inputs(shapes);
}

}  // namespace strata
