// map_graph: Keras's topological analysis of a functional model (keras/src/ops/function.py),
// with the same depth rules and layer order, so model.layers and summary() list layers as
// Keras lists them.
#include "graph.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <unordered_set>

#include "strata/op_error.hpp"

namespace strata::detail {
namespace {

struct Traversal {
  std::unordered_set<const GraphNode*> finished;
  std::vector<std::shared_ptr<GraphNode>> nodes;  // inputs -> outputs
  std::unordered_map<const Layer*, int> first_visit;
};

void visit(const KerasTensor& tensor, Traversal& walk) {
  const auto& node = tensor.producer();
  if (walk.finished.contains(node.get())) return;
  walk.first_visit.try_emplace(node->layer.get(), static_cast<int>(walk.first_visit.size()));
  for (const KerasTensor& input : node->inputs) visit(input, walk);
  walk.finished.insert(node.get());
  walk.nodes.push_back(node);
}

void check_inputs(const std::vector<KerasTensor>& inputs) {
  if (inputs.empty()) throw ValueError("Model: `inputs` is empty; pass the Input(...) tensors");
  for (size_t k = 0; k < inputs.size(); ++k) {
    const auto& node = inputs[k].producer();
    if (!node || !node->is_input()) {
      throw ValueError(fmt::format(
          "Model: inputs[{}] {}; a model's inputs must be the tensors Input(...) returned", k,
          node ? fmt::format("is the output of layer '{}'", node->layer->name())
               : std::string("is a default-constructed KerasTensor")));
    }
    for (size_t j = 0; j < k; ++j) {
      if (same_tensor(inputs[j], inputs[k])) {
        throw ValueError(
            fmt::format("Model: input '{}' is listed twice in `inputs`", node->layer->name()));
      }
    }
  }
}

std::string input_names(const std::vector<KerasTensor>& inputs) {
  std::string names;
  for (const KerasTensor& input : inputs) {
    names += fmt::format("{}'{}'", names.empty() ? "" : ", ", input.producer()->layer->name());
  }
  return names;
}

// Every Input the outputs depend on must be one of the model's inputs.
void check_connected(const std::vector<std::shared_ptr<GraphNode>>& nodes,
                     const std::vector<KerasTensor>& inputs) {
  for (const auto& node : nodes) {
    if (!node->is_input()) continue;
    const bool listed = std::any_of(inputs.begin(), inputs.end(),
                                    [&](const KerasTensor& in) { return in.producer() == node; });
    if (!listed) {
      throw ValueError(fmt::format(
          "Graph disconnected: the outputs depend on input '{}', which is not among the "
          "model's inputs ({}); add it to `inputs`",
          node->layer->name(), input_names(inputs)));
    }
  }
}

void check_unique_names(const std::vector<std::shared_ptr<Layer>>& layers) {
  std::map<std::string, int> counts;
  for (const auto& layer : layers) ++counts[layer->name()];
  for (const auto& [name, count] : counts) {
    if (count > 1) {
      throw ValueError(
          fmt::format("The name \"{}\" is used {} times in the model. All layer "
                      "names should be unique.",
                      name, count));
    }
  }
}

// Keras's depth rule: output nodes have depth 0, a node's depth is one more than the deepest
// node reading it, and a shared layer takes the greatest depth of its nodes.
void assign_depths(Traversal& walk, GraphTopology& topology) {
  std::unordered_map<const Layer*, int> layer_depth;
  for (auto it = walk.nodes.rbegin(); it != walk.nodes.rend(); ++it) {
    const GraphNode* node = it->get();
    int depth = topology.depth.try_emplace(node, 0).first->second;
    depth = std::max(depth, layer_depth[node->layer.get()]);
    layer_depth[node->layer.get()] = depth;
    topology.depth[node] = depth;
    for (const KerasTensor& input : node->inputs) {
      int& parent = topology.depth[input.producer().get()];
      parent = std::max(parent, depth + 1);
    }
  }
  std::vector<std::pair<const Layer*, std::shared_ptr<Layer>>> layers;
  for (const auto& node : walk.nodes) {
    if (std::none_of(layers.begin(), layers.end(),
                     [&](const auto& seen) { return seen.first == node->layer.get(); })) {
      layers.emplace_back(node->layer.get(), node->layer);
    }
  }
  std::stable_sort(layers.begin(), layers.end(), [&](const auto& a, const auto& b) {
    const int da = layer_depth.at(a.first), db = layer_depth.at(b.first);
    if (da != db) return da > db;
    return walk.first_visit.at(a.first) < walk.first_visit.at(b.first);
  });
  for (auto& entry : layers) topology.layers.push_back(std::move(entry.second));
}

}  // namespace

GraphTopology map_graph(const std::vector<KerasTensor>& inputs,
                        const std::vector<KerasTensor>& outputs) {
  check_inputs(inputs);
  if (outputs.empty()) throw ValueError("Model: `outputs` is empty; pass the tensors to return");
  Traversal walk;
  for (const KerasTensor& output : outputs) {
    if (!output.producer()) {
      throw ValueError("Model: an output is a default-constructed KerasTensor");
    }
    visit(output, walk);
  }
  check_connected(walk.nodes, inputs);
  // Inputs the outputs do not use still belong to the model (Keras keeps them at depth 0).
  for (const KerasTensor& input : inputs) {
    if (!walk.finished.contains(input.producer().get())) {
      walk.first_visit.try_emplace(input.producer()->layer.get(), -1);
      walk.finished.insert(input.producer().get());
      walk.nodes.insert(walk.nodes.begin(), input.producer());
    }
  }
  GraphTopology topology;
  topology.nodes = walk.nodes;
  assign_depths(walk, topology);
  check_unique_names(topology.layers);
  return topology;
}

std::vector<const GraphNode*> nodes_of(const GraphTopology& topology, const Layer& layer) {
  std::vector<const GraphNode*> found;
  for (const auto& node : topology.nodes) {
    if (node->layer.get() == &layer) found.push_back(node.get());
  }
  std::sort(found.begin(), found.end(),
            [](const GraphNode* a, const GraphNode* b) { return a->serial < b->serial; });
  return found;
}

}  // namespace strata::detail
