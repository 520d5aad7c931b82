#include <fmt/format.h>

#include "strata/runtime.hpp"

namespace strata {
namespace {

std::string describe_source(const Config& config) {
  switch (config.backend_source) {
    case ValueSource::kFile: return fmt::format("config file {}", config.file.string());
    case ValueSource::kDefault: return "default";
    default: return std::string(to_string(config.backend_source));
  }
}

}  // namespace

BackendRequest make_backend_request(const Config& config, std::string_view explicit_backend) {
  BackendRequest request;
  if (explicit_backend.empty()) {
    request.backend = config.backend;
    request.source = describe_source(config);
  } else {
    request.backend = std::string(explicit_backend);
    request.source = std::string(to_string(ValueSource::kArgument));
  }
  request.settings_for = [&config](std::string_view name) { return config.settings_for(name); };
  return request;
}

Selection open_backend(std::string_view explicit_backend) {
  const Config config = load_config();
  for (const std::string& warning : config.warnings) {
    fmt::print(stderr, "strata: warning: {}\n", warning);
  }
  Selection selection = select_backend(make_backend_request(config, explicit_backend));
  announce_backend(selection.backend.name());
  return selection;
}

}  // namespace strata
