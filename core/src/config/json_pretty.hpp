// Writing JSON the way keras.json looks, since people read and hand-edit this file.
#pragma once

#include <string>

#include <boost/json/value.hpp>

namespace strata::config_detail {

// One member per line, four-space indent, "key": value, members in their stored order and a
// final newline. Boost.JSON only writes compact JSON.
std::string pretty_json(const boost::json::value& value);

}  // namespace strata::config_detail
