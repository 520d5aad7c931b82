// The layer class registry behind layer_from_config.
#include "strata/keras/serialization.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <map>
#include <mutex>

#include "builtin_layers.hpp"
#include "strata/op_error.hpp"

namespace strata {
namespace {

using layers_detail::ConfigReader;
using BuiltinReader = LayerRef (*)(ConfigReader&);

// Built-in layers read their config through a ConfigReader so that the registry can apply the
// base fields and reject fields nobody read.
LayerFactory builtin(std::string class_name, BuiltinReader read) {
  return [class_name = std::move(class_name), read](const boost::json::object& config) {
    ConfigReader reader(fmt::format("{} config", class_name), config);
    LayerRef layer = read(reader);
    layer->set_dtype(reader.get("dtype", layer->dtype()));
    layer->set_trainable(reader.get("trainable", true));
    reader.finish();
    return layer;
  };
}

struct Registry {
  std::mutex mutex;
  std::map<std::string, LayerFactory, std::less<>> factories;

  Registry() {
    using namespace layers_detail;
    const std::pair<const char*, BuiltinReader> builtins[] = {
        {"Dense", dense_from_config},
        {"Activation", activation_from_config},
        {"Dropout", dropout_from_config},
        {"Flatten", flatten_from_config},
        {"Reshape", reshape_from_config},
        {"Conv1D", conv1d_from_config},
        {"Conv2D", conv2d_from_config},
        {"MaxPooling2D", max_pooling2d_from_config},
        {"AveragePooling2D", average_pooling2d_from_config},
        {"GlobalAveragePooling2D", global_average_pooling2d_from_config},
        {"BatchNormalization", batch_normalization_from_config},
        {"LayerNormalization", layer_normalization_from_config},
        {"Embedding", embedding_from_config},
        {"Add", add_from_config},
        {"Concatenate", concatenate_from_config},
    };
    for (const auto& [name, read] : builtins) factories.emplace(name, builtin(name, read));
  }
};

Registry& registry() {
  static Registry instance;
  return instance;
}

}  // namespace

void register_layer_class(std::string class_name, LayerFactory factory) {
  if (class_name.empty() || !factory) {
    throw ValueError("register_layer_class: needs a class name and a factory");
  }
  Registry& reg = registry();
  const std::lock_guard lock(reg.mutex);
  if (!reg.factories.emplace(class_name, std::move(factory)).second) {
    throw ValueError(
        fmt::format("register_layer_class: the layer class \"{}\" is already "
                    "registered; pick another class name",
                    class_name));
  }
}

std::vector<std::string> registered_layer_classes() {
  Registry& reg = registry();
  const std::lock_guard lock(reg.mutex);
  std::vector<std::string> names;
  for (const auto& entry : reg.factories) names.push_back(entry.first);
  return names;
}

LayerRef layer_from_config(std::string_view class_name, const boost::json::object& config) {
  LayerFactory factory;
  {
    Registry& reg = registry();
    const std::lock_guard lock(reg.mutex);
    const auto it = reg.factories.find(class_name);
    if (it != reg.factories.end()) factory = it->second;
  }
  if (!factory) {
    throw ValueError(
        fmt::format("layer_from_config: unknown layer class \"{}\"; known classes: "
                    "{}. An application's own layers must be registered with "
                    "register_layer_class first",
                    class_name, fmt::join(registered_layer_classes(), ", ")));
  }
  LayerRef layer = factory(config);
  if (!layer) {
    throw ValueError(
        fmt::format("layer_from_config: the factory for \"{}\" returned no layer", class_name));
  }
  return layer;
}

boost::json::object serialize_layer(const Layer& layer) {
  return {{"class_name", layer.class_name()}, {"config", layer.get_config()}};
}

LayerRef deserialize_layer(const boost::json::object& serialized) {
  const boost::json::value* class_name = serialized.if_contains("class_name");
  const boost::json::value* config = serialized.if_contains("config");
  if (class_name == nullptr || !class_name->is_string() || config == nullptr ||
      !config->is_object()) {
    throw ValueError("deserialize_layer: expected {\"class_name\": \"Dense\", \"config\": {...}}");
  }
  return layer_from_config(class_name->get_string(), config->get_object());
}

}  // namespace strata
