// How layer_from_config builds each built-in layer: one function per class, defined next to
// the layer. Each reads its constructor's arguments (and "name"); the registry applies
// "trainable" and "dtype" and checks that no field was left unread.
#pragma once

#include "config_reader.hpp"
#include "strata/keras/layer.hpp"

namespace strata::layers_detail {

LayerRef dense_from_config(ConfigReader& config);
LayerRef activation_from_config(ConfigReader& config);
LayerRef dropout_from_config(ConfigReader& config);
LayerRef flatten_from_config(ConfigReader& config);
LayerRef reshape_from_config(ConfigReader& config);
LayerRef conv1d_from_config(ConfigReader& config);
LayerRef conv2d_from_config(ConfigReader& config);
LayerRef max_pooling2d_from_config(ConfigReader& config);
LayerRef average_pooling2d_from_config(ConfigReader& config);
LayerRef global_average_pooling2d_from_config(ConfigReader& config);
LayerRef batch_normalization_from_config(ConfigReader& config);
LayerRef layer_normalization_from_config(ConfigReader& config);
LayerRef embedding_from_config(ConfigReader& config);
LayerRef add_from_config(ConfigReader& config);
LayerRef concatenate_from_config(ConfigReader& config);

}  // namespace strata::layers_detail
