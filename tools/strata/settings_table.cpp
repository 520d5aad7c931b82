#include "settings_table.hpp"

#include <fmt/format.h>

#include <boost/json/serialize.hpp>

namespace strata_cli {

std::vector<SettingRow> setting_rows(const strata::Config& config) {
  using strata::to_string;
  std::vector<SettingRow> rows = {
      {"backend", config.backend, std::string(to_string(config.backend_source))},
      {"floatx", config.floatx, std::string(to_string(config.floatx_source))},
      {"epsilon", fmt::format("{}", config.epsilon), std::string(to_string(config.epsilon_source))},
      {"image_data_format", config.image_data_format,
       std::string(to_string(config.image_data_format_source))},
  };
  for (const auto& [name, section] : config.backend_settings) {
    if (!section.is_object()) continue;
    for (const auto& [key, value] : section.as_object()) {
      rows.push_back({fmt::format("{}.{}", std::string_view(name), std::string_view(key)),
                      boost::json::serialize(value), "file"});
    }
  }
  return rows;
}

void print_setting_rows(const std::vector<SettingRow>& rows, int indent) {
  size_t width = 0;
  for (const SettingRow& row : rows) width = std::max(width, row.key.size());
  for (const SettingRow& row : rows) {
    fmt::print("{:{}}{:<{}}  {:<16} ({})\n", "", indent, row.key, width, row.value, row.source);
  }
}

}  // namespace strata_cli
