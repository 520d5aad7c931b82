#include "config_reader.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <boost/json/serialize.hpp>
#include <cmath>
#include <limits>

#include "strata/op_error.hpp"

namespace strata::layers_detail {
namespace {

std::string describe(const boost::json::value& value) {
  std::string text = boost::json::serialize(value);
  return text.size() > 60 ? text.substr(0, 57) + "..." : text;
}

[[noreturn]] void expected(std::string_view what, const boost::json::value& value) {
  throw ValueError(fmt::format("expected {}, got {}", what, describe(value)));
}

}  // namespace

void read_value(const boost::json::value& value, bool& out) {
  if (!value.is_bool()) expected("true or false", value);
  out = value.get_bool();
}

void read_value(const boost::json::value& value, int64_t& out) {
  if (value.is_int64()) {
    out = value.get_int64();
  } else if (value.is_uint64() &&
             value.get_uint64() <= uint64_t(std::numeric_limits<int64_t>::max())) {
    out = static_cast<int64_t>(value.get_uint64());
  } else if (value.is_double() && std::trunc(value.get_double()) == value.get_double() &&
             std::abs(value.get_double()) < 9.0e15) {
    out = static_cast<int64_t>(value.get_double());
  } else {
    expected("an integer", value);
  }
}

void read_value(const boost::json::value& value, int32_t& out) {
  int64_t wide = 0;
  read_value(value, wide);
  if (wide < std::numeric_limits<int32_t>::min() || wide > std::numeric_limits<int32_t>::max()) {
    expected("a 32-bit integer", value);
  }
  out = static_cast<int32_t>(wide);
}

void read_value(const boost::json::value& value, double& out) {
  if (!value.is_number()) expected("a number", value);
  out = value.to_number<double>();
}

void read_value(const boost::json::value& value, std::string& out) {
  if (!value.is_string()) expected("a string", value);
  out = std::string(value.get_string());
}

void read_value(const boost::json::value& value, std::optional<uint64_t>& out) {
  if (value.is_null()) {
    out.reset();
    return;
  }
  int64_t seed = 0;
  read_value(value, seed);
  if (seed < 0) expected("a non-negative integer seed or null", value);
  out = static_cast<uint64_t>(seed);
}

void read_value(const boost::json::value& value, std::vector<int64_t>& out) {
  out.clear();
  if (!value.is_array()) {
    if (!value.is_number()) expected("an integer or a list of integers", value);
    read_value(value, out.emplace_back());
    return;
  }
  for (const boost::json::value& item : value.get_array()) read_value(item, out.emplace_back());
}

void read_value(const boost::json::value& value, std::vector<int>& out) {
  std::vector<int64_t> wide;
  read_value(value, wide);
  out.clear();
  for (const int64_t item : wide) {
    if (item < std::numeric_limits<int>::min() || item > std::numeric_limits<int>::max()) {
      expected("a list of 32-bit integers", value);
    }
    out.push_back(static_cast<int>(item));
  }
}

void read_value(const boost::json::value& value, Initializer& out) {
  if (value.is_string()) {
    out = Initializer(std::string_view(value.get_string()));
  } else if (value.is_object()) {
    out = initializer_from_config(value.get_object());
  } else {
    expected("an initializer name or {\"class_name\": ..., \"config\": ...}", value);
  }
}

void read_value(const boost::json::value& value, Regularizer& out) {
  out = Regularizer::from_json(value);
}

void read_value(const boost::json::value& value, DType& out) {
  if (value.is_string()) {
    out = parse_dtype(value.get_string());
    return;
  }
  const boost::json::object* policy = value.if_object();
  const boost::json::value* config = policy ? policy->if_contains("config") : nullptr;
  const boost::json::value* name =
      config && config->is_object() ? config->get_object().if_contains("name") : nullptr;
  if (name == nullptr || !name->is_string()) {
    expected("a dtype name or {\"config\": {\"name\": ...}}", value);
  }
  out = parse_dtype(name->get_string());
}

ConfigReader::ConfigReader(std::string what, const boost::json::object& config)
    : what_(std::move(what)), config_(config) {}

const boost::json::value* ConfigReader::find(std::string_view key) {
  consumed_.emplace(key);
  const boost::json::value* value = config_.if_contains(key);
  return value == nullptr || value->is_null() ? nullptr : value;
}

void ConfigReader::missing(std::string_view key) const {
  throw ValueError(fmt::format("{}: the field \"{}\" is missing (or null)", what_, key));
}

void ConfigReader::convert(std::string_view key, const std::function<void()>& read) const {
  try {
    read();
  } catch (const Error& error) {
    throw ValueError(fmt::format("{}: field \"{}\": {}", what_, key, error.what()));
  }
}

void ConfigReader::finish() const {
  std::vector<std::string> unknown;
  for (const auto& [key, value] : config_) {
    const bool harmless = value.is_null() || (value.is_bool() && !value.get_bool());
    if (!harmless && !consumed_.contains(std::string_view(key))) unknown.emplace_back(key);
  }
  if (!unknown.empty()) {
    throw ValueError(fmt::format("{}: unsupported field{} {}; remove {} from the config", what_,
                                 unknown.size() == 1 ? "" : "s", fmt::join(unknown, ", "),
                                 unknown.size() == 1 ? "it" : "them"));
  }
}

std::optional<std::array<int32_t, 2>> read_spatial(ConfigReader& config, std::string_view key,
                                                   int rank) {
  const std::vector<int> sizes = config.get(key, std::vector<int>{});
  if (sizes.empty()) return std::nullopt;
  if (sizes.size() != 1 && sizes.size() != size_t(rank)) {
    throw ValueError(fmt::format("{}: field \"{}\" needs 1 or {} integers, got {}", config.what(),
                                 key, rank, sizes.size()));
  }
  return std::array<int32_t, 2>{rank == 1 ? 1 : sizes.front(), sizes.back()};
}

}  // namespace strata::layers_detail
