#include "config_file.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <boost/json/serialize.hpp>

#include "json_diagnostics.hpp"
#include "json_scan.hpp"
#include "suggest.hpp"

namespace strata::config_detail {
namespace {

struct ValueContext {
  const ConfigDocument& document;
  std::string_view key;
  const boost::json::value& value;
};

TextPosition value_position(const ConfigDocument& document, std::string_view key) {
  const auto it = document.positions.find(key);
  return it == document.positions.end() ? TextPosition{} : it->second.value;
}

TextPosition key_position(const ConfigDocument& document, std::string_view key) {
  const auto it = document.positions.find(key);
  return it == document.positions.end() ? TextPosition{} : it->second.key;
}

// Values are quoted back as JSON so a string "2" and a number 2 are told apart, and cut short
// because a pasted blob would drown the rest of the message.
std::string shown(const boost::json::value& value) {
  // Boost.JSON reads 1e999 as infinity and would print it as "Infinity", which no file holds.
  if (value.is_double() && std::isinf(value.get_double())) return "a number too large (infinite)";
  std::string text = boost::json::serialize(value);
  constexpr std::size_t kMaxShown = 60;
  if (text.size() > kMaxShown) text = text.substr(0, kMaxShown) + "...";
  return text;
}

std::string set_hint(std::string_view key, std::string_view example) {
  return fmt::format("fix the value in the file, or run: strata config set {} {}", key, example);
}

[[noreturn]] void reject_value(const ValueContext& c, std::string_view allowed,
                               std::string_view hint) {
  const TextPosition at = value_position(c.document, c.key);
  throw ConfigError(c.document.file, at.line, at.column,
                    fmt::format("'{}' is {}, which is not allowed: it must be {}\nhint: {}", c.key,
                                shown(c.value), allowed, hint));
}

std::string require_choice(const ValueContext& c, std::span<const std::string_view> choices) {
  if (const boost::json::string* s = c.value.if_string()) {
    if (std::ranges::find(choices, std::string_view(*s)) != choices.end()) return std::string(*s);
  }
  reject_value(c, fmt::format("one of \"{}\"", fmt::join(choices, "\", \"")),
               set_hint(c.key, choices.front()));
}

void apply_backend(const ValueContext& c, Config& config) {
  const boost::json::string* s = c.value.if_string();
  if (s == nullptr || s->empty()) {
    reject_value(c,
                 "a non-empty string: \"auto\", a backend's name (reference, avx, vulkan or a "
                 "third party's) or the path to a plugin file",
                 set_hint(c.key, "auto"));
  }
  config.backend = std::string(*s);
  config.backend_source = ValueSource::kFile;
}

void apply_floatx(const ValueContext& c, Config& config) {
  static constexpr std::array<std::string_view, 4> kFloatTypes{"float32", "float16", "bfloat16",
                                                               "float64"};
  config.floatx = require_choice(c, kFloatTypes);
  config.floatx_source = ValueSource::kFile;
}

void apply_epsilon(const ValueContext& c, Config& config) {
  const double epsilon = c.value.is_number() ? c.value.to_number<double>() : 0.0;
  if (!(epsilon > 0.0 && std::isfinite(epsilon))) {
    reject_value(c, "a positive finite number", set_hint(c.key, "1e-07"));
  }
  config.epsilon = epsilon;
  config.epsilon_source = ValueSource::kFile;
}

constexpr std::array<std::string_view, 2> kImageFormats{"channels_last", "channels_first"};

void apply_image_data_format(const ValueContext& c, Config& config) {
  config.image_data_format = require_choice(c, kImageFormats);
  config.image_data_format_source = ValueSource::kFile;
}

// Each known key with how to read it from a file and how a Config writes it back, so the
// defaults file is generated from Config's own defaults rather than a second copy of them.
struct KeyRule {
  std::string_view key;
  void (*apply)(const ValueContext&, Config&);
  boost::json::value (*value_of)(const Config&);
};

constexpr std::array kKeyRules{
    KeyRule{"backend", apply_backend,
            [](const Config& c) { return boost::json::value(c.backend); }},
    KeyRule{"floatx", apply_floatx, [](const Config& c) { return boost::json::value(c.floatx); }},
    KeyRule{"epsilon", apply_epsilon,
            [](const Config& c) { return boost::json::value(c.epsilon); }},
    KeyRule{kImageFormatKey, apply_image_data_format,
            [](const Config& c) { return boost::json::value(c.image_data_format); }},
};

constexpr auto kKnownKeys = [] {
  std::array<std::string_view, kKeyRules.size()> keys{};
  std::ranges::transform(kKeyRules, keys.begin(), &KeyRule::key);
  return keys;
}();

const KeyRule* find_rule(std::string_view key) {
  const auto it = std::ranges::find(kKeyRules, key, &KeyRule::key);
  return it == kKeyRules.end() ? nullptr : &*it;
}

std::string unknown_key_warning(const ConfigDocument& document, std::string_view key) {
  const std::string where = location_prefix(document.file, key_position(document, key));
  if (const auto suggestion = closest_key(key, kKnownKeys)) {
    return fmt::format("{}: unknown key '{}' ignored; did you mean '{}'?", where, key, *suggestion);
  }
  return fmt::format(
      "{}: unknown key '{}' ignored; the known keys are {}, and a backend's settings go in an "
      "object under its name, e.g. \"avx\": {{\"threads\": 2}}",
      where, key, fmt::join(kKnownKeys, ", "));
}

void apply_member(const ConfigDocument& document, std::string_view key,
                  const boost::json::value& value, Config& config) {
  if (const KeyRule* rule = find_rule(key)) return rule->apply({document, key, value}, config);
  if (key == kLegacyImageKey) return;  // read after the loop: its meaning depends on the new key
  if (value.is_object()) {
    config.backend_settings[key] = value;
    return;
  }
  config.warnings.push_back(unknown_key_warning(document, key));
}

std::string legacy_image_format(const ValueContext& c) {
  const boost::json::string* s = c.value.if_string();
  if (s != nullptr && *s == "tf") return std::string(kImageFormats[0]);
  if (s != nullptr && *s == "th") return std::string(kImageFormats[1]);
  reject_value(c, "\"tf\" (channels_last) or \"th\" (channels_first)",
               fmt::format("replace it with \"{}\": \"channels_last\" or \"channels_first\"",
                           kImageFormatKey));
}

void apply_legacy_image_key(const ConfigDocument& document, Config& config) {
  const boost::json::value* legacy = document.object.if_contains(kLegacyImageKey);
  if (legacy == nullptr) return;
  const std::string format = legacy_image_format({document, kLegacyImageKey, *legacy});
  const TextPosition at = value_position(document, kLegacyImageKey);
  const std::string where = location_prefix(document.file, at);
  if (!document.object.contains(kImageFormatKey)) {
    config.image_data_format = format;
    config.image_data_format_source = ValueSource::kFile;
    config.warnings.push_back(fmt::format(
        "{}: legacy key '{}' ({}) read as \"{}\": \"{}\"; write that instead to silence this "
        "notice",
        where, kLegacyImageKey, shown(*legacy), kImageFormatKey, format));
  } else if (format != config.image_data_format) {
    throw ConfigError(
        document.file, at.line, at.column,
        fmt::format("'{}' is \"{}\" but the legacy key '{}' is {}, which means \"{}\"\nhint: "
                    "delete '{}' ('{}' replaces it), or make the two agree",
                    kImageFormatKey, config.image_data_format, kLegacyImageKey, shown(*legacy),
                    format, kLegacyImageKey, kImageFormatKey));
  } else {
    config.warnings.push_back(fmt::format("{}: legacy key '{}' repeats '{}' and can be deleted",
                                          where, kLegacyImageKey, kImageFormatKey));
  }
}

std::string_view without_byte_order_mark(std::string_view text) {
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  return text.starts_with(kBom) ? text.substr(kBom.size()) : text;
}

[[noreturn]] void reject_non_object(std::string_view text, const boost::json::value& root,
                                    const std::filesystem::path& file) {
  const TextPosition at = position_at(text, text.find_first_not_of(" \t\r\n"));
  throw ConfigError(file, at.line, at.column,
                    fmt::format("the file holds {} but a config file must be a JSON object\nhint: "
                                "put the settings in braces, e.g. {{\"backend\": \"auto\"}}",
                                shown(root)));
}

// Positions come from the raw text because Boost.JSON values do not carry them. A repeated
// key keeps its last position, matching Boost.JSON, which keeps the last value.
void record_positions(std::string_view text, ConfigDocument& document) {
  for (const TopLevelMember& m : scan_json(text).members) {
    const MemberPosition position{position_at(text, m.key_offset),
                                  position_at(text, m.value_offset)};
    const auto [it, inserted] = document.positions.try_emplace(m.key, position);
    if (!inserted) {
      document.warnings.push_back(fmt::format(
          "{}: key '{}' appears more than once (also at line {}); only the last one counts, so "
          "delete the others",
          location_prefix(document.file, position.key), m.key, it->second.key.line));
      it->second = position;
    }
  }
}

}  // namespace

std::span<const std::string_view> known_keys() {
  return kKnownKeys;
}

ConfigDocument read_config_document(std::string_view text, const std::filesystem::path& file) {
  text = without_byte_order_mark(text);
  boost::json::value root = parse_json(text, file);
  if (!root.is_object()) reject_non_object(text, root, file);
  ConfigDocument document{file, std::move(root.as_object()), {}, {}};
  record_positions(text, document);
  return document;
}

ConfigDocument default_config_document(const std::filesystem::path& file) {
  const Config defaults;
  ConfigDocument document{file, {}, {}, {}};
  for (const KeyRule& rule : kKeyRules) document.object[rule.key] = rule.value_of(defaults);
  return document;
}

Config validate_config_document(const ConfigDocument& document) {
  Config config;
  config.file = document.file;
  config.warnings = document.warnings;
  for (const auto& member : document.object) {
    apply_member(document, member.key(), member.value(), config);
  }
  apply_legacy_image_key(document, config);
  return config;
}

}  // namespace strata::config_detail
