// Turning a Boost.JSON parse failure into a message a person can act on.
#pragma once

#include <filesystem>
#include <string_view>

#include <boost/json/value.hpp>

namespace strata::config_detail {

// Parses a config file's text (byte-order mark already removed). Malformed text throws
// ConfigError naming the line and column, what was expected and what was found, with a hint
// for the hand-editing accident it looks like and the offending line with a caret under it.
// Comments and trailing commas stay errors, not Boost.JSON extensions: a file Strata accepts
// must also load in Keras and every other JSON reader.
boost::json::value parse_json(std::string_view text, const std::filesystem::path& file);

}  // namespace strata::config_detail
