#include "settings.hpp"

#include <boost/json/parse.hpp>
#include <cstdlib>
#include <string_view>

#include "error.hpp"

namespace strata_vk {
namespace {

boost::json::value parse_value(std::string_view key, std::string_view text) {
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(text, ec);
  if (ec) {
    invalid("vulkan: setting '{}' has value '{}', which is not JSON ({})", key, text, ec.message());
  }
  return value;
}

void read_device(Settings& settings, const boost::json::value& value, std::string_view text) {
  if (value.is_string()) {
    settings.device_name = std::string(value.get_string());
    return;
  }
  if (value.is_int64() && value.get_int64() >= 0 && value.get_int64() <= UINT32_MAX) {
    settings.device_index = static_cast<uint32_t>(value.get_int64());
    return;
  }
  if (value.is_uint64() && value.get_uint64() <= UINT32_MAX) {
    settings.device_index = static_cast<uint32_t>(value.get_uint64());
    return;
  }
  invalid(
      "vulkan: setting 'device' is {}; use a device index (0, 1, ...) or a part of the "
      "device name in quotes (\"llvmpipe\"); `strata info` lists the devices",
      text);
}

bool read_bool(std::string_view key, std::string_view text) {
  const boost::json::value value = parse_value(key, text);
  if (!value.is_bool()) invalid("vulkan: setting '{}' is {}; use true or false", key, text);
  return value.get_bool();
}

bool environment_says_yes(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr && std::string_view(value) != "" && std::string_view(value) != "0";
}

}  // namespace

Settings parse_settings(const strata_instance_options* options) {
  Settings settings;
  settings.validation = environment_says_yes("STRATA_VULKAN_VALIDATION");
  settings.pipeline_statistics = environment_says_yes("STRATA_VULKAN_PIPELINE_STATS");
  if (options == nullptr) return settings;
  for (size_t i = 0; i < options->num_settings; ++i) {
    const strata_setting& s = options->settings[i];
    const std::string_view key(s.key, s.key_len);
    const std::string_view text(s.value, s.value_len);
    if (key == "device") {
      read_device(settings, parse_value(key, text), text);
    } else if (key == "validation") {
      const bool wanted = read_bool(key, text);  // checked even when the environment asks
      settings.validation = settings.validation || wanted;
    } else if (key == "subgroups") {
      settings.subgroups = read_bool(key, text);
    } else if (key == "cooperative_matrix") {
      settings.cooperative_matrix = read_bool(key, text);
    } else {
      invalid(
          "vulkan: unknown setting '{}': the vulkan backend takes \"device\" (an index or a "
          "part of the device name), \"validation\", \"subgroups\" and "
          "\"cooperative_matrix\" (true or false)",
          key);
    }
  }
  return settings;
}

}  // namespace strata_vk
