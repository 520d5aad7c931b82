// A model's architecture as Keras-style JSON, and the model rebuilt from it.
//
//   {"class_name": "Sequential", "config": {"name": ..., "trainable": true,
//       "layers": [{"class_name": "InputLayer", "config": {...}}, {"class_name": "Dense", ...}]}}
//   {"class_name": "Functional", "config": {"name": ..., "trainable": true,
//       "layers": [{"class_name": ..., "config": ..., "name": ...,
//                   "inbound_nodes": [[["input_layer", 0, 0]], ...]}, ...],
//       "input_layers": [["input_layer", 0, 0]], "output_layers": [["dense", 0, 0]]}}
//
// An inbound tensor is [layer name, node index, output index]: the layer's node-th call within
// this model (calls counted in creation order) and which of that call's outputs. Layers that
// are models themselves are written the same way, nested.
#pragma once

#include <boost/json/object.hpp>
#include <filesystem>

#include "json_access.hpp"
#include "strata/keras/model.hpp"

namespace strata::io_detail {

boost::json::object serialize_model(const ModelLayer& model);

// The model `serialized` describes, with new layers (weights freshly initialised). Throws
// IOError naming `file` for a malformed description, an unknown layer class or a graph that
// cannot be rebuilt.
Model deserialize_model(const JsonAccess& serialized);

}  // namespace strata::io_detail
