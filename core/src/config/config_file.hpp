// The config file's keys, their validation and defaults, shared by loading and by
// `strata config set` so both accept exactly the same files.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "strata/config.hpp"
#include "text_position.hpp"

namespace strata::config_detail {

inline constexpr std::string_view kImageFormatKey = "image_data_format";
// Keras 1's name for image_data_format, still found in old keras.json files people copy.
inline constexpr std::string_view kLegacyImageKey = "image_dim_ordering";

// The top-level keys with a meaning of their own, in the order the defaults file lists them.
std::span<const std::string_view> known_keys();

struct MemberPosition {
  TextPosition key;
  TextPosition value;
};

// A config file as read: the JSON object, where each top-level member sits in the text (so
// errors can point at it), and the warnings reading produced (duplicate keys).
struct ConfigDocument {
  std::filesystem::path file;
  boost::json::object object;
  std::map<std::string, MemberPosition, std::less<>> positions;  // the occurrence that counts
  std::vector<std::string> warnings;
};

// Parses text (a leading UTF-8 byte-order mark is skipped, as editors on Windows write one);
// throws ConfigError when it is not JSON or not a JSON object.
ConfigDocument read_config_document(std::string_view text, const std::filesystem::path& file);

// The defaults, in the order and form a new file gets them; positions are empty.
ConfigDocument default_config_document(const std::filesystem::path& file);

// Checks every key and returns the settings; throws ConfigError on the first bad value.
Config validate_config_document(const ConfigDocument& document);

}  // namespace strata::config_detail
