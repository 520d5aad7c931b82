// Plugins someone else could have replaced are refused, with the command that fixes it.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "loader_test_support.hpp"

namespace strata_test {
namespace {

namespace fs = std::filesystem;
using strata::load_plugin;

TEST(Safety, WorldWritablePluginFileIsRefused) {
  TempDir dir;
  const fs::path file = dir.copy_plugin("optional", "loose");
  fs::permissions(file, fs::perms::others_write, fs::perm_options::add);  // chmod o+w
  const strata::Candidate fate = load_plugin(file);
  EXPECT_EQ(fate.plugin, nullptr);
  EXPECT_EQ(fate.rejection,
            fmt::format("unsafe permissions: the file {} is writable by others (mode 0757), so "
                        "its code could be replaced; fix with: chmod go-w {}",
                        file.string(), file.string()));
}

TEST(Safety, GroupWritableFolderOnThePathIsRefused) {
  TempDir dir;
  fs::create_directory(dir.path() / "shared");
  const fs::path folder = dir.path() / "shared";
  const fs::path file = folder / strata::plugin_file_name("optional");
  fs::copy_file(test_plugin("optional"), file);
  fs::permissions(folder, fs::perms::group_write, fs::perm_options::add);  // chmod g+w
  const strata::Candidate fate = load_plugin(file);
  EXPECT_EQ(fate.plugin, nullptr);
  EXPECT_TRUE(fate.rejection.starts_with(
      fmt::format("unsafe permissions: the folder {} is writable by group", folder.string())))
      << fate.rejection;
  EXPECT_TRUE(fate.rejection.ends_with(fmt::format("fix with: chmod go-w {}", folder.string())))
      << fate.rejection;

  // Fixed as the message says, the same file loads.
  fs::permissions(folder, fs::perms::group_write, fs::perm_options::remove);
  EXPECT_TRUE(load_plugin(file).usable()) << load_plugin(file).rejection;
}

TEST(Safety, StickyWorldWritableFolderIsAccepted) {
  // Like /tmp: others can write there but cannot replace this user's file.
  TempDir dir;
  const fs::path file = dir.copy_plugin("optional", "sticky");
  fs::permissions(dir.path(), fs::perms::all | fs::perms::sticky_bit);  // chmod 1777
  EXPECT_TRUE(load_plugin(file).usable()) << load_plugin(file).rejection;
}

TEST(Safety, WorldWritableFolderWithoutStickyBitIsRefused) {
  TempDir dir;
  const fs::path file = dir.copy_plugin("optional", "open");
  fs::permissions(dir.path(), fs::perms::all);  // chmod 0777
  const strata::Candidate fate = load_plugin(file);
  EXPECT_TRUE(fate.rejection.starts_with(fmt::format(
      "unsafe permissions: the folder {} is writable by group and others", dir.path().string())))
      << fate.rejection;
}

}  // namespace
}  // namespace strata_test
