// strata/keras/serialization.hpp: layers to and from Keras-style JSON configs.
//
//   boost::json::object saved = serialize_layer(*dense);   // {"class_name": "Dense", "config":
//   {...}} LayerRef copy = layer_from_config("Dense", saved.at("config").as_object());
//
// Every built-in layer round-trips: the copy has the same class, name, trainable flag, dtype and
// constructor arguments (weights are not part of a config). Applications register their own
// layer classes under a class name so that models holding them can be loaded too.
#pragma once

#include <boost/json/object.hpp>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "strata/keras/layer.hpp"

namespace strata {

// Builds a layer of class `class_name` from its get_config(). Throws ValueError for an unknown
// class (listing the registered ones), a missing or mistyped field, or a field the class does
// not take (null and false values of keys Keras writes but Strata lacks, such as
// "kernel_constraint": null, are accepted).
LayerRef layer_from_config(std::string_view class_name, const boost::json::object& config);

// {"class_name": layer.class_name(), "config": layer.get_config()}.
boost::json::object serialize_layer(const Layer& layer);
// The inverse of serialize_layer.
LayerRef deserialize_layer(const boost::json::object& serialized);

// Makes a layer of an application's class from its config (the whole of it: name, trainable and
// dtype included).
using LayerFactory = std::function<LayerRef(const boost::json::object& config)>;

// Registers `class_name` for layer_from_config. Throws ValueError when the name is taken (the
// built-in layers' names are always taken). Thread-safe.
void register_layer_class(std::string class_name, LayerFactory factory);

// Every class name layer_from_config knows, sorted.
std::vector<std::string> registered_layer_classes();

}  // namespace strata
