// Reads the fields of a Keras-style config object with errors that say which field of which
// config was wrong and what it should have been, and notices fields nobody read.
#pragma once

#include <array>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "strata/dtype.hpp"
#include "strata/keras/initializers.hpp"
#include "strata/keras/regularizers.hpp"

namespace strata::layers_detail {

// Conversions of one JSON value; each throws ValueError saying what it expected.
void read_value(const boost::json::value& value, bool& out);
void read_value(const boost::json::value& value, int64_t& out);
void read_value(const boost::json::value& value, int32_t& out);
void read_value(const boost::json::value& value, double& out);
void read_value(const boost::json::value& value, std::string& out);
void read_value(const boost::json::value& value, std::optional<uint64_t>& out);
// A list of integers; a single integer reads as a list of one (Keras's kernel_size=3).
void read_value(const boost::json::value& value, std::vector<int64_t>& out);
void read_value(const boost::json::value& value, std::vector<int>& out);
// A name ("glorot_uniform") or {"class_name": ..., "config": ...}.
void read_value(const boost::json::value& value, Initializer& out);
void read_value(const boost::json::value& value, Regularizer& out);
// "float32" or Keras 3's policy {"class_name": "DTypePolicy", "config": {"name": "float32"}}.
void read_value(const boost::json::value& value, DType& out);

class ConfigReader {
 public:
  // `what` starts every message: "Dense config".
  ConfigReader(std::string what, const boost::json::object& config);

  // The field's value, or `fallback` when it is absent or null.
  template <typename T>
  T get(std::string_view key, T fallback) {
    if (const boost::json::value* value = find(key))
      convert(key, [&] { read_value(*value, fallback); });
    return fallback;
  }
  // The field's value; ValueError when it is absent or null.
  template <typename T>
  T require(std::string_view key) {
    const boost::json::value* value = find(key);
    if (value == nullptr) missing(key);
    T out{};
    convert(key, [&] { read_value(*value, out); });
    return out;
  }

  // Throws ValueError naming every field no get/require asked for, unless its value is null or
  // false (Keras writes "kernel_constraint": null, "mask_zero": false for features it lacks).
  void finish() const;

  const std::string& what() const noexcept { return what_; }

 private:
  const boost::json::value* find(std::string_view key);
  [[noreturn]] void missing(std::string_view key) const;
  void convert(std::string_view key, const std::function<void()>& read) const;

  std::string what_;
  const boost::json::object& config_;
  std::set<std::string, std::less<>> consumed_;
};

// A size per spatial axis of a `rank`-D layer (1 or 2): one integer for every axis or `rank` of
// them, as (height, width) with height 1 for rank 1; nullopt when the field is absent or null.
std::optional<std::array<int32_t, 2>> read_spatial(ConfigReader& config, std::string_view key,
                                                   int rank);

}  // namespace strata::layers_detail
