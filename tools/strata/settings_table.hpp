// The effective settings as rows of (key, value, source), shared by `info` and `config show`.
#pragma once

#include <strata/config.hpp>

#include <string>
#include <vector>

namespace strata_cli {

struct SettingRow {
  std::string key;
  std::string value;
  std::string source;
};

std::vector<SettingRow> setting_rows(const strata::Config& config);
void print_setting_rows(const std::vector<SettingRow>& rows, int indent);

}  // namespace strata_cli
