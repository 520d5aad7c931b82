// Every test in this suite runs on the reference backend with a private, empty config
// folder, whatever the developer's own STRATA_HOME or STRATA_BACKEND say.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include <fmt/format.h>

namespace {

class IoTestEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    home_ = std::filesystem::temp_directory_path() / fmt::format("strata-io-home-{}", ::getpid());
    std::filesystem::create_directories(home_);
    ::setenv("STRATA_HOME", home_.c_str(), 1);
    ::setenv("STRATA_BACKEND", "reference", 1);
    ::setenv("STRATA_QUIET", "1", 1);
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(home_, ec);
  }

 private:
  std::filesystem::path home_;
};

[[maybe_unused]] ::testing::Environment* const kEnvironment =
    ::testing::AddGlobalTestEnvironment(new IoTestEnvironment);

}  // namespace
