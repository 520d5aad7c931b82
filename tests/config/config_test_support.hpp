// Helpers shared by the config tests: scratch folders, environment changes undone at the end
// of each test, and file access.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "strata/config.hpp"

namespace strata::testing {

// A fresh, uniquely named folder under the system temp folder, removed with everything in it.
class ScratchFolder {
 public:
  ScratchFolder();
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;
  ~ScratchFolder();
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(std::string_view name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

// Sets or unsets environment variables for one scope and restores the previous values, so a
// test never leaks STRATA_HOME or HOME into the next one.
class EnvironmentGuard {
 public:
  EnvironmentGuard() = default;
  EnvironmentGuard(const EnvironmentGuard&) = delete;
  EnvironmentGuard& operator=(const EnvironmentGuard&) = delete;
  ~EnvironmentGuard();
  EnvironmentGuard& set(const std::string& name, const std::string& value);
  EnvironmentGuard& unset(const std::string& name);

 private:
  void remember(const std::string& name);
  std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
};

void write_file(const std::filesystem::path& file, std::string_view contents);
std::string read_file(const std::filesystem::path& file);
std::vector<std::string> folder_listing(const std::filesystem::path& folder);

// The error parse_config_text throws for `text`; fails the test when none is thrown.
ConfigError parse_error(std::string_view text);

// The file name the parse_error texts are labelled with.
inline const std::filesystem::path kTestFile = "/cfg/strata.json";

// The defaults file, byte for byte, as DESIGN.md asks (keras.json's layout).
inline constexpr std::string_view kDefaultsText =
    "{\n"
    "    \"backend\": \"auto\",\n"
    "    \"floatx\": \"float32\",\n"
    "    \"epsilon\": 1e-07,\n"
    "    \"image_data_format\": \"channels_last\"\n"
    "}\n";

}  // namespace strata::testing
