#include "json_access.hpp"

#include <fmt/format.h>

#include "strata/keras/io_error.hpp"

namespace strata::io_detail {

bool JsonAccess::has(std::string_view key) const {
  return value_->is_object() && value_->as_object().contains(key);
}

JsonAccess JsonAccess::operator[](std::string_view key) const {
  const boost::json::value* member = object().if_contains(key);
  if (!member) fail(fmt::format("has no \"{}\"", key));
  return JsonAccess(*file_, *member, fmt::format("{}.{}", path_, key));
}

JsonAccess JsonAccess::operator[](std::size_t index) const {
  const boost::json::array& elements = array();
  if (index >= elements.size()) {
    fail(fmt::format("has {} elements, and element {} is needed", elements.size(), index));
  }
  return JsonAccess(*file_, elements[index], fmt::format("{}[{}]", path_, index));
}

const boost::json::object& JsonAccess::object() const {
  if (!value_->is_object()) fail("is not a JSON object");
  return value_->as_object();
}

const boost::json::array& JsonAccess::array() const {
  if (!value_->is_array()) fail("is not a list");
  return value_->as_array();
}

std::string JsonAccess::string() const {
  if (!value_->is_string()) fail("is not a string");
  return std::string(value_->as_string());
}

int64_t JsonAccess::integer() const {
  boost::system::error_code ec;
  const auto n = value_->to_number<int64_t>(ec);
  if (ec) fail("is not a whole number");
  return n;
}

double JsonAccess::number() const {
  boost::system::error_code ec;
  const auto n = value_->to_number<double>(ec);
  if (ec) fail("is not a number");
  return n;
}

bool JsonAccess::boolean() const {
  if (!value_->is_bool()) fail("is not true or false");
  return value_->as_bool();
}

void JsonAccess::fail(std::string_view problem) const {
  throw IOError(*file_, fmt::format("in the model's JSON document, {} {}", path_, problem));
}

}  // namespace strata::io_detail
