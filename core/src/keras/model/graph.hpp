// The structure of a functional model: which nodes run in which order, and the layer order
// Keras reports (model.layers, summary rows), computed as Keras's map_graph computes them.
#pragma once

#include <functional>
#include <memory>
#include <span>
#include <unordered_map>
#include <vector>

#include "graph_node.hpp"

namespace strata::detail {

struct GraphTopology {
  // Every node between the inputs and the outputs, inputs' nodes included, in an order where
  // each node comes after the nodes it reads (depth-first from the outputs, as Keras).
  std::vector<std::shared_ptr<GraphNode>> nodes;
  // Keras's model.operations: by decreasing depth, then by first visit from the outputs.
  std::vector<std::shared_ptr<Layer>> layers;
  // Node -> its distance from the outputs (0 for output nodes), as Keras's nodes_by_depth.
  std::unordered_map<const GraphNode*, int> depth;
};

// Checks that `outputs` are computable from `inputs` (every one an Input), that layer names are
// unique, and orders the graph. Throws ValueError naming what is wrong.
GraphTopology map_graph(const std::vector<KerasTensor>& inputs,
                        const std::vector<KerasTensor>& outputs);

// The nodes of `layer` within `topology`, in creation order.
std::vector<const GraphNode*> nodes_of(const GraphTopology& topology, const Layer& layer);

// Runs `fn` over the graph: each input KerasTensor takes the value given for it, each other
// node gets its inputs' values and returns its outputs' values. Returns the outputs' values.
template <typename T>
std::vector<T> run_graph(
    const GraphTopology& topology, const std::vector<KerasTensor>& inputs,
    std::span<const T> input_values, const std::vector<KerasTensor>& outputs,
    const std::function<std::vector<T>(const GraphNode&, std::vector<T>)>& fn) {
  std::unordered_map<const GraphNode*, std::vector<T>> values;
  for (size_t k = 0; k < inputs.size(); ++k) values[inputs[k].producer().get()] = {input_values[k]};
  for (const auto& node : topology.nodes) {
    if (node->is_input()) continue;
    std::vector<T> args;
    for (const KerasTensor& in : node->inputs) {
      args.push_back(values.at(in.producer().get()).at(size_t(in.index())));
    }
    values[node.get()] = fn(*node, std::move(args));
  }
  std::vector<T> results;
  for (const KerasTensor& out : outputs) {
    results.push_back(values.at(out.producer().get()).at(size_t(out.index())));
  }
  return results;
}

}  // namespace strata::detail
