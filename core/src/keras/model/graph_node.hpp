// One layer call in a functional graph: the node a KerasTensor points back to.
//
// Nodes only point backwards (to the KerasTensors they were called on), and layers never point
// to their nodes, so a graph is a tree of shared pointers without cycles: dropping the last
// KerasTensor or Model that reaches a node frees it.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "strata/dtype.hpp"
#include "strata/keras/keras_tensor.hpp"
#include "strata/keras/layer.hpp"
#include "strata/shape.hpp"

namespace strata::detail {

struct GraphNode {
  std::shared_ptr<Layer> layer;
  // What the layer was called on; empty for an InputLayer's node.
  std::vector<KerasTensor> inputs;
  // One per output, batch axis -1.
  std::vector<Shape> output_shapes;
  std::vector<DType> output_dtypes;
  // Creation order across the process: orders a shared layer's calls.
  uint64_t serial = 0;

  bool is_input() const noexcept { return inputs.empty(); }
};

// A node for `layer` called on `inputs` with these outputs, numbered in creation order.
std::shared_ptr<GraphNode> make_graph_node(std::shared_ptr<Layer> layer,
                                           std::vector<KerasTensor> inputs,
                                           std::vector<Shape> output_shapes,
                                           std::vector<DType> output_dtypes);

// The node's output `index` as a KerasTensor.
KerasTensor node_output(const std::shared_ptr<GraphNode>& node, int index);

// Calls `layer` on `inputs` symbolically: builds it for their shapes, computes its output
// shapes and records the call as a new node. Returns the node's outputs.
std::vector<KerasTensor> call_symbolic(const std::shared_ptr<Layer>& layer,
                                       std::span<const KerasTensor> inputs);

// Same node and output index.
inline bool same_tensor(const KerasTensor& a, const KerasTensor& b) noexcept {
  return a.producer() == b.producer() && a.index() == b.index();
}

}  // namespace strata::detail
