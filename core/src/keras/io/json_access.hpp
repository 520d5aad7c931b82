// Checked reading of a model file's JSON: every access names the file and the JSON path of
// what is missing or of the wrong type ("document.model.config.layers[2].inbound_nodes"), so
// a hand-edited or foreign document gives an IOError, never a crash.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace strata::io_detail {

class JsonAccess {
 public:
  JsonAccess(const std::filesystem::path& file, const boost::json::value& value, std::string path)
      : file_(&file), value_(&value), path_(std::move(path)) {}

  const std::string& path() const noexcept { return path_; }
  const boost::json::value& value() const noexcept { return *value_; }

  bool has(std::string_view key) const;
  JsonAccess operator[](std::string_view key) const;  // a member that must exist
  JsonAccess operator[](std::size_t index) const;     // an element that must exist
  const boost::json::object& object() const;
  const boost::json::array& array() const;
  std::string string() const;
  int64_t integer() const;
  double number() const;
  bool boolean() const;

  [[noreturn]] void fail(std::string_view problem) const;

 private:
  const std::filesystem::path* file_;
  const boost::json::value* value_;
  std::string path_;
};

}  // namespace strata::io_detail
