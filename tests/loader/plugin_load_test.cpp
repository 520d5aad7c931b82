// Loading single plugin files: every kind of bad file gets its exact fate, and none crashes
// the host.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstddef>

#include "loader_test_support.hpp"

namespace strata_test {
namespace {

namespace fs = std::filesystem;
using strata::Candidate;
using strata::load_plugin;

TEST(PluginLoad, TextFileIsNotASharedLibrary) {
  const Candidate fate = load_plugin(test_plugin("text"));
  EXPECT_EQ(fate.plugin, nullptr);
  EXPECT_TRUE(fate.rejection.starts_with("not a shared library: ")) << fate.rejection;
  // The dynamic loader's own words, naming the file.
  EXPECT_NE(fate.rejection.find(test_plugin("text").string()), std::string::npos);
  EXPECT_NE(fate.rejection.find("invalid ELF header"), std::string::npos) << fate.rejection;
}

TEST(PluginLoad, LibraryWithoutBootstrapSymbol) {
  const Candidate fate = load_plugin(test_plugin("nosym"));
  EXPECT_EQ(fate.plugin, nullptr);
  EXPECT_EQ(fate.rejection, "not a Strata plugin: no strata_backend_get_api symbol");
}

TEST(PluginLoad, OtherAbiMajorIsNamed) {
  const Candidate fate = load_plugin(test_plugin("abi2"));
  EXPECT_EQ(fate.plugin, nullptr);
  EXPECT_EQ(fate.rejection, "ABI major 2, expected 1");
}

TEST(PluginLoad, TruncatedTableNamesMissingSlots) {
  const Candidate fate = load_plugin(test_plugin("truncated"));
  EXPECT_EQ(fate.plugin, nullptr);
  EXPECT_EQ(fate.rejection,
            fmt::format("incomplete table: struct_size {} (table says ABI 1.0) ends before "
                        "required slots execute (ABI 1.0), synchronize (ABI 1.0)",
                        offsetof(strata_backend_api, execute)));
}

TEST(PluginLoad, NullRequiredSlotIsRejected) {
  const Candidate fate = load_plugin(test_plugin("nullslot"));
  EXPECT_EQ(fate.plugin, nullptr);
  EXPECT_EQ(fate.rejection, "incomplete table: required slot buffer_read (ABI 1.0) is NULL");
}

TEST(PluginLoad, ProbeZeroKeepsInfoAndReason) {
  const Candidate fate = load_plugin(test_plugin("probe0"));
  ASSERT_NE(fate.plugin, nullptr);
  EXPECT_FALSE(fate.usable());
  EXPECT_EQ(fate.rejection, "probe: test: needs a device this machine lacks");
  EXPECT_EQ(fate.plugin->info().name, "probe0");
  EXPECT_EQ(fate.plugin->info().score, 0);
}

TEST(PluginLoad, OnlyOptionalSlotsNullLoads) {
  const Candidate fate = load_plugin(test_plugin("optional"));
  ASSERT_TRUE(fate.usable()) << fate.rejection;
  const strata::PluginInfo& info = fate.plugin->info();
  EXPECT_EQ(info.name, "optional");
  EXPECT_EQ(info.version, "0.0.1");
  EXPECT_EQ(info.description, "misbehaving test plugin");
  EXPECT_EQ(info.abi_major, 1u);
  EXPECT_EQ(info.abi_minor, 0u);
  EXPECT_EQ(info.score, 998);
  EXPECT_EQ(info.probe_note, "test: no device needed");
  EXPECT_EQ(fate.plugin->api().set_num_threads, nullptr);
  EXPECT_EQ(fate.plugin->api().get_num_threads, nullptr);
  EXPECT_EQ(fate.plugin->api().buffer_map, nullptr);
  EXPECT_NE(fate.plugin->api().synchronize, nullptr);
  EXPECT_EQ(fate.describe(),
            "optional 0.0.1 (ABI 1.0, score 998): misbehaving test plugin "
            "[test: no device needed]");
}

TEST(PluginLoad, FailingInitStillLoads) {
  // Instance creation is only tried when a backend is selected.
  EXPECT_TRUE(load_plugin(test_plugin("initfail")).usable());
  EXPECT_TRUE(load_plugin(test_plugin("greedy")).usable());
}

TEST(PluginLoad, MissingFileIsNotFound) {
  const Candidate fate = load_plugin(test_plugin("nonesuch"));
  EXPECT_EQ(fate.plugin, nullptr);
  EXPECT_EQ(fate.rejection, "not found");
  EXPECT_EQ(fate.describe(), "rejected: not found");
}

TEST(PluginLoad, FolderIsNotARegularFile) {
  TempDir dir;
  fs::create_directory(dir.path() / strata::plugin_file_name("folder"));
  EXPECT_EQ(load_plugin(dir.path() / strata::plugin_file_name("folder")).rejection,
            "not a regular file");
}

TEST(PluginLoad, SameFileTwiceGivesSamePlugin) {
  const Candidate first = load_plugin(test_plugin("optional"));
  const Candidate second = load_plugin(test_plugin("optional"));
  ASSERT_NE(first.plugin, nullptr);
  EXPECT_EQ(first.plugin, second.plugin);

  // Another name for the same file is the same canonical file.
  TempDir dir;
  const fs::path link = dir.path() / strata::plugin_file_name("alias");
  fs::create_symlink(test_plugin("optional"), link);
  const Candidate through_link = load_plugin(link);
  EXPECT_EQ(through_link.plugin, first.plugin);
  EXPECT_EQ(through_link.file, link);  // the fate still names the file asked for
}

TEST(PluginLoad, RejectionsAreRememberedToo) {
  // A library that opened stays loaded, so asking again gives the same answer.
  EXPECT_EQ(load_plugin(test_plugin("abi2")).rejection, load_plugin(test_plugin("abi2")).rejection);
}

}  // namespace
}  // namespace strata_test
