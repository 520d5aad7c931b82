// How plugin names map to files.
#include "plugin_names.hpp"

#include <fmt/format.h>

#include "strata/plugin.hpp"

namespace strata {

std::string plugin_file_name(std::string_view name) {
  return fmt::format("{}{}{}", runtime::kPluginPrefix, name, runtime::kPluginSuffix);
}

bool is_plugin_path(std::string_view request) {
  return request.find('/') != std::string_view::npos;
}

}  // namespace strata
