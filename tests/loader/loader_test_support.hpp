// Shared helpers for the loader tests: where the test plugins are, scoped environment
// variables, and throw-away folders.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "strata/backend.hpp"
#include "strata/plugin.hpp"

namespace strata_test {

// The folder holding the misbehaving test plugins (never the build's plugin folder).
std::filesystem::path test_plugin_dir();
// test_plugin_dir()/libstrata-backend-NAME.so
std::filesystem::path test_plugin(std::string_view name);
// A search path of the test plugin folder alone, so no in-tree plugin takes part.
strata::SearchPath test_only_search_path();
strata::BackendRequest request(std::string backend, std::string source = "argument");

// Sets (or, with nullopt, unsets) an environment variable and restores it on destruction.
class ScopedEnv {
 public:
  ScopedEnv(std::string name, std::optional<std::string> value);
  ~ScopedEnv();
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  std::string name_;
  std::optional<std::string> saved_;
};

// A fresh private folder under the system temp folder, removed with its contents.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // Copies a test plugin in as libstrata-backend-AS.so (default: the same name), mode 0755.
  std::filesystem::path copy_plugin(std::string_view name, std::string_view as = {}) const;

 private:
  std::filesystem::path path_;
};

}  // namespace strata_test
