// The public entry points for reading settings: file, then environment.
#include <cstdlib>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "config_file.hpp"
#include "file_io.hpp"
#include "json_pretty.hpp"
#include "strata/config.hpp"

namespace strata {

std::string_view to_string(ValueSource source) {
  switch (source) {
    case ValueSource::kDefault:
      return "default";
    case ValueSource::kFile:
      return "file";
    case ValueSource::kEnvironment:
      return "STRATA_BACKEND";
    case ValueSource::kArgument:
      return "argument";
  }
  return "unknown";
}

const boost::json::object* Config::settings_for(std::string_view backend_name) const {
  const boost::json::value* section = backend_settings.if_contains(backend_name);
  return section == nullptr ? nullptr : section->if_object();
}

Config parse_config_text(std::string_view text, const std::filesystem::path& file_for_messages) {
  return config_detail::validate_config_document(
      config_detail::read_config_document(text, file_for_messages));
}

Config load_config_file(const std::filesystem::path& file) {
  const std::optional<std::string> text = config_detail::read_text_file(file);
  if (!text) {
    throw ConfigError(file, 0, 0,
                      "the config file does not exist\nhint: run any Strata program to create it "
                      "with the defaults, or create it with: strata config set backend auto");
  }
  return parse_config_text(*text, file);
}

void apply_environment(Config& config) {
  const char* backend = std::getenv("STRATA_BACKEND");
  if (backend == nullptr || *backend == '\0') return;
  config.backend = backend;
  config.backend_source = ValueSource::kEnvironment;
}

Config load_config() {
  const ConfigLocation location = resolve_config_location();
  const bool created = config_detail::create_file_if_absent(
      location.file,
      config_detail::pretty_json(config_detail::default_config_document(location.file).object));
  const std::optional<std::string> text = config_detail::read_text_file(location.file);
  // No file even after trying to create one (read-only folder): run on the defaults.
  Config config = text ? parse_config_text(*text, location.file) : Config{};
  config.file = location.file;
  config.file_why = location.why;
  config.created = created;
  apply_environment(config);
  return config;
}

}  // namespace strata
