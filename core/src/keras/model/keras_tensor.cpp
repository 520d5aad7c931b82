// KerasTensor, Input, and calling a layer symbolically: the functional API's graph building.
#include "strata/keras/keras_tensor.hpp"

#include <fmt/format.h>

#include <atomic>

#include "batch_shape.hpp"
#include "graph_node.hpp"
#include "input_layer.hpp"
#include "strata/context.hpp"
#include "strata/op_error.hpp"

namespace strata {
namespace detail {
namespace {

std::atomic<uint64_t> next_serial{0};

// Keras infers each output's dtype by running the layer on placeholders; here a layer with
// weights computes in its weights' dtype and one without keeps its first input's (Flatten on
// uint8 stays uint8).
DType output_dtype(const Layer& layer, std::span<const KerasTensor> inputs) {
  return layer.weights().empty() ? inputs.front().dtype() : layer.dtype();
}

}  // namespace

std::shared_ptr<GraphNode> make_graph_node(std::shared_ptr<Layer> layer,
                                           std::vector<KerasTensor> inputs,
                                           std::vector<Shape> output_shapes,
                                           std::vector<DType> output_dtypes) {
  auto node = std::make_shared<GraphNode>();
  node->layer = std::move(layer);
  node->inputs = std::move(inputs);
  node->output_shapes = std::move(output_shapes);
  node->output_dtypes = std::move(output_dtypes);
  node->serial = next_serial.fetch_add(1);
  return node;
}

KerasTensor node_output(const std::shared_ptr<GraphNode>& node, int index) {
  const auto k = static_cast<size_t>(index);
  return KerasTensor(node->output_shapes.at(k), node->output_dtypes.at(k), node, index);
}

std::vector<KerasTensor> call_symbolic(const std::shared_ptr<Layer>& layer,
                                       std::span<const KerasTensor> inputs) {
  if (!layer) throw ValueError("a null LayerRef was called on a KerasTensor");
  for (const KerasTensor& input : inputs) {
    if (!input.producer()) {
      throw ValueError(
          fmt::format("layer '{}' was called on a default-constructed KerasTensor; "
                      "start the graph from Input(...)",
                      layer->name()));
    }
  }
  std::vector<Shape> shapes;
  for (const KerasTensor& input : inputs) shapes.push_back(input.shape());
  layer->ensure_built(shapes);  // checks the input count and shapes, naming the layer
  std::vector<Shape> output_shapes = layer->compute_output_shapes(shapes);
  std::vector<DType> dtypes(output_shapes.size(), output_dtype(*layer, inputs));
  auto node = make_graph_node(layer, {inputs.begin(), inputs.end()}, std::move(output_shapes),
                              std::move(dtypes));
  std::vector<KerasTensor> outputs;
  for (size_t k = 0; k < node->output_shapes.size(); ++k) {
    outputs.push_back(node_output(node, static_cast<int>(k)));
  }
  return outputs;
}

}  // namespace detail

KerasTensor::KerasTensor(Shape shape, DType dtype, std::shared_ptr<detail::GraphNode> producer,
                         int index)
    : shape_(shape), dtype_(dtype), producer_(std::move(producer)), index_(index) {}

KerasTensor Input(const Shape& shape, std::optional<DType> dtype, std::string name) {
  const Shape batch_shape = detail::with_batch(-1, shape);
  const DType chosen = dtype.value_or(floatx());
  auto layer = std::make_shared<detail::InputLayer>(batch_shape, chosen, std::move(name));
  layer->ensure_built(std::span<const Shape>(&batch_shape, 1));  // built from the start, as Keras
  auto node = detail::make_graph_node(std::move(layer), {}, {batch_shape}, {chosen});
  return detail::node_output(node, 0);
}

LayerRef::LayerRef(const KerasTensor& input) {
  const auto& node = input.producer();
  if (!node || !node->is_input()) {
    throw ValueError(
        fmt::format("only an Input's KerasTensor stands for a layer (its InputLayer); this one {}",
                    node ? fmt::format("is the output of layer '{}'", node->layer->name())
                         : std::string("is default-constructed")));
  }
  layer_ = node->layer;
}

KerasTensor LayerRef::operator()(const KerasTensor& input) const {
  return (*this)(std::span<const KerasTensor>(&input, 1));
}

KerasTensor LayerRef::operator()(std::initializer_list<KerasTensor> inputs) const {
  return (*this)(std::span<const KerasTensor>(inputs.begin(), inputs.size()));
}

KerasTensor LayerRef::operator()(std::span<const KerasTensor> inputs) const {
  std::vector<KerasTensor> outputs = detail::call_symbolic(layer_, inputs);
  if (outputs.size() != 1) {
    throw ValueError(
        fmt::format("layer '{}' has {} outputs; a symbolic call returns one, so use "
                    "a single-output layer or model here",
                    layer_->name(), outputs.size()));
  }
  return outputs.front();
}

}  // namespace strata
