// Keras's automatic layer names: the first unnamed "dense" is "dense", then "dense_1", ...
#pragma once

#include <string>
#include <string_view>

namespace strata::layers_detail {

// The next name for `prefix`, counted per prefix across the process (thread-safe).
std::string unique_layer_name(std::string_view prefix);

}  // namespace strata::layers_detail
