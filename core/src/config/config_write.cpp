// `strata config set`: change one setting without anyone hand-editing JSON.
#include <algorithm>
#include <string>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <boost/json/parse.hpp>

#include "config_file.hpp"
#include "file_io.hpp"
#include "json_pretty.hpp"
#include "strata/config.hpp"
#include "suggest.hpp"

namespace strata {
namespace {

using config_detail::ConfigDocument;

// A top-level key, or a setting inside a backend's section ("avx.threads").
struct SettingKey {
  std::string section;  // empty for a top-level key
  std::string name;
};

[[noreturn]] void reject_key(const std::filesystem::path& file, std::string_view message) {
  throw ConfigError(file, 0, 0, message);
}

bool is_known_key(std::string_view key) {
  return std::ranges::find(config_detail::known_keys(), key) != config_detail::known_keys().end();
}

std::string unknown_key_message(std::string_view key) {
  const auto suggestion = config_detail::closest_key(key, config_detail::known_keys());
  return fmt::format(
      "unknown key '{}'{}\nhint: the keys are {}; a backend's setting is written "
      "BACKEND.SETTING, e.g. strata config set avx.threads 2",
      key, suggestion ? fmt::format("; did you mean '{}'?", *suggestion) : "",
      fmt::join(config_detail::known_keys(), ", "));
}

SettingKey parse_top_level_key(const std::filesystem::path& file, std::string_view key) {
  if (key == config_detail::kLegacyImageKey) {
    reject_key(file,
               fmt::format("'{}' is the legacy name of '{}'\nhint: run: strata config set "
                           "{} channels_last (or channels_first)",
                           key, config_detail::kImageFormatKey, config_detail::kImageFormatKey));
  }
  if (!is_known_key(key)) reject_key(file, unknown_key_message(key));
  return {"", std::string(key)};
}

SettingKey parse_section_key(const std::filesystem::path& file, std::string_view key,
                             std::size_t dot) {
  SettingKey setting{std::string(key.substr(0, dot)), std::string(key.substr(dot + 1))};
  if (setting.section.empty() || setting.name.empty()) {
    reject_key(file, fmt::format("'{}' is not a key\nhint: a backend's setting is written "
                                 "BACKEND.SETTING, e.g. avx.threads",
                                 key));
  }
  if (is_known_key(setting.section) || setting.section == config_detail::kLegacyImageKey) {
    reject_key(file, fmt::format("'{}' holds a single value, not settings\nhint: run: strata "
                                 "config set {} VALUE",
                                 setting.section, setting.section));
  }
  return setting;
}

// The first dot separates the section, so a setting's own name may contain dots.
SettingKey parse_key(const std::filesystem::path& file, std::string_view key) {
  const std::size_t dot = key.find('.');
  return dot == std::string_view::npos ? parse_top_level_key(file, key)
                                       : parse_section_key(file, key, dot);
}

// Numbers, true/false and quoted strings arrive as JSON; anything else is the text itself, so
// `strata config set backend avx` needs no shell-quoted JSON quotes.
boost::json::value parse_value(std::string_view text) {
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(text, ec);
  return ec ? boost::json::value(boost::json::string(text)) : value;
}

ConfigDocument read_or_default(const std::filesystem::path& file) {
  if (const auto text = config_detail::read_text_file(file)) {
    return config_detail::read_config_document(*text, file);
  }
  return config_detail::default_config_document(file);
}

void assign_top_level(ConfigDocument& document, const std::string& key, boost::json::value value) {
  document.object[key] = std::move(value);
  // The old value's position would mislead an error about the new one.
  document.positions.erase(key);
  if (key == config_detail::kImageFormatKey) {
    // Writing the current key retires the legacy one rather than risk the two disagreeing.
    document.object.stable_erase(config_detail::kLegacyImageKey);
  }
}

void assign_in_section(ConfigDocument& document, const SettingKey& key, boost::json::value value) {
  boost::json::value& section = document.object[key.section];
  if (section.is_null()) section.emplace_object();
  if (!section.is_object()) {
    reject_key(document.file,
               fmt::format("cannot set '{}.{}': '{}' in the file is not a section of settings\n"
                           "hint: delete the key '{}' from the file first",
                           key.section, key.name, key.section, key.section));
  }
  section.as_object()[key.name] = std::move(value);
}

}  // namespace

Config set_config_value(const std::filesystem::path& file, std::string_view key,
                        std::string_view value) {
  const SettingKey setting = parse_key(file, key);
  ConfigDocument document = read_or_default(file);
  if (setting.section.empty()) {
    assign_top_level(document, setting.name, parse_value(value));
  } else {
    assign_in_section(document, setting, parse_value(value));
  }
  Config config = config_detail::validate_config_document(document);
  config_detail::write_file_atomically(file, config_detail::pretty_json(document.object));
  return config;
}

}  // namespace strata
