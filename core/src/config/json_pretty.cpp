#include "json_pretty.hpp"

#include <cmath>
#include <string_view>

#include <fmt/format.h>
#include <boost/json/serialize.hpp>

namespace strata::config_detail {
namespace {

// Shortest text that reads back as the same double, spelled as Python spells it (1e-07), with a
// decimal point kept so 2.0 stays a float, and infinities written as an overflowing literal
// that Boost.JSON reads back as infinity (JSON has no "Infinity").
std::string format_double(double d) {
  if (std::isinf(d)) return d > 0 ? "1e999" : "-1e999";
  if (std::isnan(d)) return "null";
  std::string text = fmt::format("{}", d);
  if (text.find_first_of(".e") == std::string::npos) text += ".0";
  return text;
}

template <class Container, class WriteItem>
void write_container(const Container& items, char open, char close, std::size_t depth,
                     std::string& out, WriteItem write_item) {
  out += open;
  if (items.empty()) {
    out += close;
    return;
  }
  const std::string indent(4 * (depth + 1), ' ');
  std::string_view separator = "\n";
  for (const auto& item : items) {
    out += separator;
    out += indent;
    write_item(item);
    separator = ",\n";
  }
  out += '\n';
  out.append(4 * depth, ' ');
  out += close;
}

void write_value(const boost::json::value& value, std::size_t depth, std::string& out) {
  if (const boost::json::object* object = value.if_object()) {
    write_container(*object, '{', '}', depth, out, [&](const boost::json::key_value_pair& m) {
      out += boost::json::serialize(m.key());
      out += ": ";
      write_value(m.value(), depth + 1, out);
    });
  } else if (const boost::json::array* array = value.if_array()) {
    write_container(*array, '[', ']', depth, out,
                    [&](const boost::json::value& v) { write_value(v, depth + 1, out); });
  } else if (value.is_double()) {
    out += format_double(value.get_double());
  } else {
    out += boost::json::serialize(value);
  }
}

}  // namespace

std::string pretty_json(const boost::json::value& value) {
  std::string out;
  write_value(value, 0, out);
  out += '\n';
  return out;
}

}  // namespace strata::config_detail
