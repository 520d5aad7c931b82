// Reading a Keras-style get_config() object back into constructor arguments, with errors that
// name the object and the key.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace strata::training_detail {

class ConfigReader {
 public:
  // `what` names the object in messages: "Adam config".
  ConfigReader(std::string what, const boost::json::object& config);

  // The key's number, or `fallback` when it is absent. ValueError for another JSON type.
  double number(std::string_view key, double fallback);
  // Absent and null both read as "not set", as Keras writes unset options (clipnorm: null).
  std::optional<double> optional_number(std::string_view key);
  bool boolean(std::string_view key, bool fallback);
  std::string string(std::string_view key, std::string_view fallback);
  // Keys Keras writes for features Strata does not have: accepted only at the value that means
  // "off" (`use_ema: false`), so a config asking for the feature is refused rather than ignored.
  void require_default(std::string_view key, const boost::json::value& off);
  // Throws ValueError naming every key no call above has read.
  void finish() const;

 private:
  const boost::json::value* find(std::string_view key);

  std::string what_;
  const boost::json::object& config_;
  std::set<std::string, std::less<>> read_;
};

}  // namespace strata::training_detail
