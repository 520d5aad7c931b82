// A gtest environment that keeps the developer's setup out of a test program: a fresh temporary
// STRATA_HOME (so no config file of theirs is read), removed afterwards; STRATA_BACKEND and
// STRATA_PLUGIN_PATH unset; STRATA_QUIET=1. Header-only, so a suite needs no extra library.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <string>
#include <system_error>
#include <utility>

namespace strata_test_support {

class IsolatedHome : public ::testing::Environment {
 public:
  // The home is a new folder "<temp>/<prefix>-XXXXXX".
  explicit IsolatedHome(std::string prefix) : prefix_(std::move(prefix)) {}

  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / (prefix_ + "-XXXXXX")).string();
    if (::mkdtemp(pattern.data()) == nullptr) FAIL() << "mkdtemp failed for " << pattern;
    home_ = pattern;
    ::setenv("STRATA_HOME", home_.c_str(), 1);
    ::unsetenv("STRATA_BACKEND");
    ::unsetenv("STRATA_PLUGIN_PATH");
    ::setenv("STRATA_QUIET", "1", 1);
  }

  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(home_, ignored);
  }

  const std::filesystem::path& home() const { return home_; }

 private:
  std::string prefix_;
  std::filesystem::path home_;
};

// Registers an IsolatedHome for the whole test program; gtest owns it.
inline IsolatedHome* isolate_home(std::string prefix) {
  return static_cast<IsolatedHome*>(
      ::testing::AddGlobalTestEnvironment(new IsolatedHome(std::move(prefix))));
}

}  // namespace strata_test_support
