#include "config_reader.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <boost/json/serialize.hpp>

#include <vector>

#include "strata/op_error.hpp"

namespace strata::training_detail {

ConfigReader::ConfigReader(std::string what, const boost::json::object& config)
    : what_(std::move(what)), config_(config) {}

const boost::json::value* ConfigReader::find(std::string_view key) {
  read_.emplace(key);
  return config_.if_contains(key);
}

double ConfigReader::number(std::string_view key, double fallback) {
  const std::optional<double> value = optional_number(key);
  return value.value_or(fallback);
}

std::optional<double> ConfigReader::optional_number(std::string_view key) {
  const boost::json::value* value = find(key);
  if (value == nullptr || value->is_null()) return std::nullopt;
  if (value->is_number()) return value->to_number<double>();
  throw ValueError(fmt::format("{}: \"{}\" is {}; it must be a number", what_, key,
                               boost::json::serialize(*value)));
}

bool ConfigReader::boolean(std::string_view key, bool fallback) {
  const boost::json::value* value = find(key);
  if (value == nullptr) return fallback;
  if (value->is_bool()) return value->get_bool();
  throw ValueError(fmt::format("{}: \"{}\" is {}; it must be true or false", what_, key,
                               boost::json::serialize(*value)));
}

std::string ConfigReader::string(std::string_view key, std::string_view fallback) {
  const boost::json::value* value = find(key);
  if (value == nullptr) return std::string(fallback);
  if (value->is_string()) return std::string(value->get_string());
  throw ValueError(fmt::format("{}: \"{}\" is {}; it must be a string", what_, key,
                               boost::json::serialize(*value)));
}

void ConfigReader::require_default(std::string_view key, const boost::json::value& off) {
  const boost::json::value* value = find(key);
  if (value == nullptr || *value == off) return;
  // Keras writes integers and floats interchangeably (0 and 0.0).
  if (value->is_number() && off.is_number() &&
      value->to_number<double>() == off.to_number<double>()) {
    return;
  }
  throw ValueError(
      fmt::format("{}: \"{}\" is {}, which Strata does not support; remove the key "
                  "or set it to {}",
                  what_, key, boost::json::serialize(*value), boost::json::serialize(off)));
}

void ConfigReader::finish() const {
  std::vector<std::string_view> unknown;
  for (const auto& entry : config_) {
    if (!read_.contains(std::string_view(entry.key()))) unknown.push_back(entry.key());
  }
  if (unknown.empty()) return;
  std::vector<std::string_view> known(read_.begin(), read_.end());
  throw ValueError(fmt::format("{}: unknown key{} \"{}\"; the keys it takes are: {}", what_,
                               unknown.size() == 1 ? "" : "s", fmt::join(unknown, "\", \""),
                               fmt::join(known, ", ")));
}

}  // namespace strata::training_detail
