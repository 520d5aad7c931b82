// Which folder holds strata.json: STRATA_HOME, then ~/.strata, then /tmp/.strata.
#include <gtest/gtest.h>

#include "config_test_support.hpp"
#include "strata/config.hpp"

namespace strata {
namespace {

using testing::EnvironmentGuard;
using testing::ScratchFolder;

TEST(ConfigLocation, StrataHomeWinsOverHome) {
  ScratchFolder tmp;
  EnvironmentGuard env;
  env.set("STRATA_HOME", (tmp / "custom").string()).set("HOME", (tmp / "home").string());
  const ConfigLocation location = resolve_config_location();
  EXPECT_EQ(location.folder, tmp / "custom");
  EXPECT_EQ(location.file, tmp / "custom" / "strata.json");
  EXPECT_EQ(location.why, "STRATA_HOME");
}

TEST(ConfigLocation, EmptyStrataHomeCountsAsUnset) {
  ScratchFolder tmp;
  std::filesystem::create_directories(tmp / "home");
  EnvironmentGuard env;
  env.set("STRATA_HOME", "").set("HOME", (tmp / "home").string());
  const ConfigLocation location = resolve_config_location();
  EXPECT_EQ(location.folder, tmp / "home" / ".strata");
  EXPECT_EQ(location.why, "home");
}

TEST(ConfigLocation, HomeFolderIsCreatedWhenMissing) {
  ScratchFolder tmp;
  std::filesystem::create_directories(tmp / "home");
  EnvironmentGuard env;
  env.unset("STRATA_HOME").set("HOME", (tmp / "home").string());
  const ConfigLocation location = resolve_config_location();
  EXPECT_EQ(location.folder, tmp / "home" / ".strata");
  EXPECT_EQ(location.file, tmp / "home" / ".strata" / "strata.json");
  EXPECT_EQ(location.why, "home");
  EXPECT_TRUE(std::filesystem::is_directory(tmp / "home" / ".strata"));
}

// Tests run as root, for whom permissions do not make a folder unwritable; a HOME below a
// regular file cannot be created by anyone.
TEST(ConfigLocation, FallsBackToTmpWhenHomeCannotBeCreated) {
  ScratchFolder tmp;
  testing::write_file(tmp / "afile", "not a folder");
  EnvironmentGuard env;
  env.unset("STRATA_HOME").set("HOME", (tmp / "afile" / "home").string());
  const ConfigLocation location = resolve_config_location();
  EXPECT_EQ(location.folder, "/tmp/.strata");
  EXPECT_EQ(location.file, "/tmp/.strata/strata.json");
  const std::string expected_start =
      "/tmp fallback: cannot create " + (tmp / "afile" / "home" / ".strata").string() + ": ";
  EXPECT_EQ(location.why.substr(0, expected_start.size()), expected_start) << location.why;
}

TEST(ConfigLocation, FallsBackToTmpWhenDotStrataIsAFile) {
  ScratchFolder tmp;
  std::filesystem::create_directories(tmp / "home");
  testing::write_file(tmp / "home" / ".strata", "");
  EnvironmentGuard env;
  env.unset("STRATA_HOME").set("HOME", (tmp / "home").string());
  const ConfigLocation location = resolve_config_location();
  EXPECT_EQ(location.folder, "/tmp/.strata");
  EXPECT_EQ(location.why, "/tmp fallback: " + (tmp / "home" / ".strata").string() +
                              " exists but is not a folder");
}

TEST(ConfigLocation, FallsBackToTmpWhenHomeIsUnset) {
  EnvironmentGuard env;
  env.unset("STRATA_HOME").unset("HOME");
  const ConfigLocation location = resolve_config_location();
  EXPECT_EQ(location.folder, "/tmp/.strata");
  EXPECT_EQ(location.why, "/tmp fallback: HOME is not set");
}

}  // namespace
}  // namespace strata
