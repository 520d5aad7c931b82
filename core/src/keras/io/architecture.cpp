#include "architecture.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json/array.hpp>
#include <map>

#include "../model/graph_node.hpp"
#include "../model/model_layer.hpp"
#include "strata/keras/io_error.hpp"
#include "strata/keras/serialization.hpp"

namespace strata::io_detail {
namespace {

boost::json::object serialize_any(const Layer& layer) {
  if (const auto* model = dynamic_cast<const ModelLayer*>(&layer)) return serialize_model(*model);
  return serialize_layer(layer);
}

// [layer name, node index within `model`, output index]: how the JSON names a KerasTensor.
boost::json::array tensor_reference(const ModelLayer& model, const KerasTensor& tensor) {
  const detail::GraphNode* producer = tensor.producer().get();
  const auto nodes = detail::nodes_of(model.topology(), *producer->layer);
  const auto position = std::find(nodes.begin(), nodes.end(), producer) - nodes.begin();
  return {producer->layer->name(), position, tensor.index()};
}

boost::json::array tensor_references(const ModelLayer& model,
                                     const std::vector<KerasTensor>& tensors) {
  boost::json::array out;
  for (const KerasTensor& t : tensors) out.push_back(tensor_reference(model, t));
  return out;
}

boost::json::object functional_config(const ModelLayer& model) {
  boost::json::array layers;
  for (const auto& layer : model.topology().layers) {
    boost::json::object entry = serialize_any(*layer);
    entry["name"] = layer->name();
    boost::json::array inbound;
    for (const detail::GraphNode* node : detail::nodes_of(model.topology(), *layer)) {
      if (!node->is_input()) inbound.push_back(tensor_references(model, node->inputs));
    }
    entry["inbound_nodes"] = std::move(inbound);
    layers.push_back(std::move(entry));
  }
  return {{"layers", std::move(layers)},
          {"input_layers", tensor_references(model, model.inputs())},
          {"output_layers", tensor_references(model, model.outputs())}};
}

// A Sequential lists its InputLayer first once it has one, as Keras 3 does.
boost::json::object sequential_config(const ModelLayer& model) {
  boost::json::array layers;
  if (model.has_graph()) layers.push_back(serialize_any(*model.inputs().front().producer()->layer));
  for (const LayerRef& layer : model.layers()) layers.push_back(serialize_any(*layer));
  return {{"layers", std::move(layers)}};
}

// ---- rebuilding ---------------------------------------------------------------------------

KerasTensor input_from_config(const JsonAccess& config) {
  const JsonAccess batch_shape = config["batch_shape"];
  Shape shape;
  for (std::size_t axis = 1; axis < batch_shape.array().size(); ++axis) {
    shape.push_back(batch_shape[axis].integer());
  }
  return Input(shape, parse_dtype(config["dtype"].string()), config["name"].string());
}

// Any layer but an InputLayer, models included.
LayerRef layer_from_entry(const JsonAccess& entry) {
  const std::string class_name = entry["class_name"].string();
  if (class_name == "Sequential" || class_name == "Functional") return deserialize_model(entry);
  if (class_name == "InputLayer") entry.fail("is an InputLayer where a Sequential cannot take one");
  try {
    return layer_from_config(class_name, entry["config"].object());
  } catch (const IOError&) {
    throw;
  } catch (const Error& error) {
    entry.fail(
        fmt::format("(a {}) cannot be rebuilt from its config: {}", class_name, error.what()));
  }
}

Model sequential_from_config(const JsonAccess& config) {
  Sequential model(config["name"].string());
  const JsonAccess layers = config["layers"];
  for (std::size_t k = 0; k < layers.array().size(); ++k) {
    const JsonAccess entry = layers[k];
    if (k == 0 && entry["class_name"].string() == "InputLayer") {
      model.add(input_from_config(entry["config"]));
    } else {
      model.add(layer_from_entry(entry));
    }
  }
  return model;
}

// Rebuilds a functional graph call by call, as Keras's functional_from_config: each pass
// makes every call whose inputs exist, in layer order, until all are made.
class GraphRebuilder {
 public:
  explicit GraphRebuilder(const JsonAccess& config) : config_(config) {}

  Model run() {
    const JsonAccess layers = config_["layers"];
    for (std::size_t k = 0; k < layers.array().size(); ++k) add_layer(layers[k]);
    for (bool progress = true; progress;) {
      progress = false;
      for (Entry& entry : entries_) progress |= make_ready_calls(entry);
    }
    for (const Entry& entry : entries_) {
      if (entry.made < entry.inbound.size()) {
        entry.json.fail(fmt::format("call {} of layer '{}' reads a tensor no other call makes",
                                    entry.made, entry.name));
      }
    }
    return Model(resolve_all(config_["input_layers"]), resolve_all(config_["output_layers"]),
                 config_["name"].string());
  }

 private:
  struct Entry {
    JsonAccess json;
    std::string name;
    LayerRef layer;                   // empty for an InputLayer
    std::vector<JsonAccess> inbound;  // one list of tensor references per call
    std::size_t made = 0;             // calls made so far
  };

  void add_layer(const JsonAccess& json) {
    Entry entry{json, json["name"].string(), {}, {}, 0};
    if (outputs_.contains(entry.name)) json.fail(fmt::format("repeats layer '{}'", entry.name));
    if (json["class_name"].string() == "InputLayer") {
      outputs_[entry.name].push_back({input_from_config(json["config"])});
    } else {
      entry.layer = layer_from_entry(json);
      const JsonAccess inbound = json["inbound_nodes"];
      for (std::size_t k = 0; k < inbound.array().size(); ++k) entry.inbound.push_back(inbound[k]);
      outputs_[entry.name];
    }
    entries_.push_back(std::move(entry));
  }

  bool make_ready_calls(Entry& entry) {
    bool progress = false;
    while (entry.made < entry.inbound.size()) {
      std::vector<KerasTensor> inputs;
      const JsonAccess& references = entry.inbound[entry.made];
      for (std::size_t k = 0; k < references.array().size(); ++k) {
        const KerasTensor* tensor = find(references[k]);
        if (!tensor) return progress;
        inputs.push_back(*tensor);
      }
      try {
        outputs_[entry.name].push_back(detail::call_symbolic(entry.layer.ptr(), inputs));
      } catch (const IOError&) {
        throw;
      } catch (const Error& error) {
        references.fail(fmt::format("cannot be fed to layer '{}': {}", entry.name, error.what()));
      }
      ++entry.made;
      progress = true;
    }
    return progress;
  }

  // The tensor a [layer, node, output] reference names, or nullptr while its call is not made.
  const KerasTensor* find(const JsonAccess& reference) const {
    const std::string layer = reference[0].string();
    const int64_t node = reference[1].integer();
    const int64_t output = reference[2].integer();
    const auto it = outputs_.find(layer);
    if (it == outputs_.end())
      reference.fail(fmt::format("names layer '{}', which the model lacks", layer));
    if (node < 0 || output < 0) reference.fail("has a negative index");
    if (size_t(node) >= it->second.size()) return nullptr;
    const auto& call = it->second[size_t(node)];
    if (size_t(output) >= call.size()) {
      reference.fail(fmt::format("asks for output {} of a call with {}", output, call.size()));
    }
    return &call[size_t(output)];
  }

  std::vector<KerasTensor> resolve_all(const JsonAccess& references) const {
    std::vector<KerasTensor> out;
    for (std::size_t k = 0; k < references.array().size(); ++k) {
      const KerasTensor* tensor = find(references[k]);
      if (!tensor) references[k].fail("names a call the graph never makes");
      out.push_back(*tensor);
    }
    return out;
  }

  const JsonAccess& config_;
  std::vector<Entry> entries_;
  std::map<std::string, std::vector<std::vector<KerasTensor>>, std::less<>> outputs_;
};

}  // namespace

boost::json::object serialize_model(const ModelLayer& model) {
  boost::json::object config =
      model.class_name() == "Sequential" ? sequential_config(model) : functional_config(model);
  config["name"] = model.name();
  config["trainable"] = model.trainable();
  return {{"class_name", model.class_name()}, {"config", std::move(config)}};
}

Model deserialize_model(const JsonAccess& serialized) {
  const std::string class_name = serialized["class_name"].string();
  const JsonAccess config = serialized["config"];
  if (class_name != "Sequential" && class_name != "Functional") {
    serialized["class_name"].fail(
        fmt::format("is \"{}\"; a model is \"Sequential\" or "
                    "\"Functional\"",
                    class_name));
  }
  Model model =
      class_name == "Sequential" ? sequential_from_config(config) : GraphRebuilder(config).run();
  if (!config["trainable"].boolean()) model->set_trainable(false);
  return model;
}

}  // namespace strata::io_detail
