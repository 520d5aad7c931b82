// The search path: STRATA_PLUGIN_PATH first, in order; relative, empty, missing and duplicate
// entries skipped; then the built-in folders. And discovery over it.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "loader_test_support.hpp"

namespace strata_test {
namespace {

namespace fs = std::filesystem;
using strata::make_search_path;
using strata::SearchPath;

std::vector<fs::path> folders_from(const SearchPath& path, std::string_view origin) {
  std::vector<fs::path> out;
  for (const auto& f : path.folders) {
    if (f.origin == origin) out.push_back(f.folder);
  }
  return out;
}

bool has_note(const SearchPath& path, std::string_view text) {
  return std::any_of(path.notes.begin(), path.notes.end(),
                     [&](const std::string& n) { return n.find(text) != std::string::npos; });
}

TEST(SearchPath, EnvironmentEntriesComeFirstInOrder) {
  TempDir a, b;
  const SearchPath path = make_search_path(a.path().string() + ":" + b.path().string());
  ASSERT_GE(path.folders.size(), 2u);
  EXPECT_EQ(path.folders[0].folder, a.path());
  EXPECT_EQ(path.folders[0].origin, "STRATA_PLUGIN_PATH");
  EXPECT_EQ(path.folders[1].folder, b.path());
}

TEST(SearchPath, RelativeEntriesAreSkippedWithANote) {
  TempDir a;
  const SearchPath path = make_search_path("plugins:.:" + a.path().string());
  EXPECT_EQ(folders_from(path, "STRATA_PLUGIN_PATH"), std::vector<fs::path>{a.path()});
  EXPECT_TRUE(has_note(path,
                       "skipped relative entry \"plugins\" in STRATA_PLUGIN_PATH: the current "
                       "directory is never searched; use an absolute path"));
  EXPECT_TRUE(has_note(path, "skipped relative entry \".\""));
}

TEST(SearchPath, EmptyEntriesAreIgnoredSilently) {
  TempDir a;
  const SearchPath path = make_search_path("::" + a.path().string() + ":");
  EXPECT_EQ(folders_from(path, "STRATA_PLUGIN_PATH"), std::vector<fs::path>{a.path()});
  EXPECT_FALSE(has_note(path, "STRATA_PLUGIN_PATH"));
}

TEST(SearchPath, MissingFoldersAreSkippedWithANote) {
  const SearchPath path = make_search_path("/nonexistent/strata/plugins");
  EXPECT_TRUE(folders_from(path, "STRATA_PLUGIN_PATH").empty());
  EXPECT_TRUE(has_note(path,
                       "skipped /nonexistent/strata/plugins (STRATA_PLUGIN_PATH): does "
                       "not exist"));
}

TEST(SearchPath, DuplicatesAreRemovedByCanonicalPath) {
  TempDir a, links;
  fs::create_directory_symlink(a.path(), links.path() / "again");
  const SearchPath path = make_search_path(a.path().string() + ":" + a.path().string() +
                                           "/.:" + (links.path() / "again").string());
  EXPECT_EQ(folders_from(path, "STRATA_PLUGIN_PATH"), std::vector<fs::path>{a.path()});
}

TEST(SearchPath, BuiltInFoldersFollow) {
  const SearchPath path = make_search_path("");
  // libstrata.so certainly exists, so the folder beside it is searched.
  EXPECT_FALSE(folders_from(path, "beside the core library").empty());
#ifdef STRATA_TEST_REFERENCE_PLUGIN
  // The reference plugin was built, so the build's plugin folder exists.
  const fs::path build = fs::canonical(fs::path(STRATA_TEST_REFERENCE_PLUGIN).parent_path());
  EXPECT_EQ(folders_from(path, "build"), std::vector<fs::path>{build});
#endif
  for (const auto& f : path.folders) EXPECT_TRUE(f.folder.is_absolute());
}

TEST(SearchPath, DefaultReadsTheEnvironment) {
  ScopedEnv env("STRATA_PLUGIN_PATH", test_plugin_dir().string());
  const SearchPath path = strata::default_search_path();
  ASSERT_FALSE(path.folders.empty());
  EXPECT_EQ(path.folders[0].folder, fs::canonical(test_plugin_dir()));
}

TEST(Discovery, ListsEveryPluginFileWithItsFate) {
  const strata::Discovery found = strata::discover_plugins(test_only_search_path());
  std::map<std::string, std::string> fates;  // file name -> rejection or "usable"
  for (const auto& c : found.candidates) {
    fates[c.file.filename().string()] = c.usable() ? "usable" : c.rejection;
  }
  const std::string_view expected_usable[] = {"optional", "initfail", "greedy"};
  for (std::string_view name : expected_usable) {
    EXPECT_EQ(fates[strata::plugin_file_name(name)], "usable") << name;
  }
  EXPECT_EQ(fates[strata::plugin_file_name("abi2")], "ABI major 2, expected 1");
  EXPECT_EQ(fates[strata::plugin_file_name("probe0")],
            "probe: test: needs a device this machine lacks");
  EXPECT_TRUE(fates[strata::plugin_file_name("text")].starts_with("not a shared library: "));
  EXPECT_EQ(fates.size(), 9u);  // text + eight builds of test_plugin.c
  // Sorted by file name within the folder, so listings are reproducible.
  EXPECT_TRUE(std::is_sorted(found.candidates.begin(), found.candidates.end(),
                             [](const auto& a, const auto& b) { return a.file < b.file; }));
}

TEST(Discovery, IgnoresFilesNotNamedLikePlugins) {
  TempDir dir;
  dir.copy_plugin("optional");
  fs::copy_file(test_plugin("optional"), dir.path() / "libsomething-else.so");
  fs::copy_file(test_plugin("optional"), dir.path() / "libstrata-backend-.so");
  const strata::Discovery found = strata::discover_plugins(SearchPath{{{dir.path(), "test"}}, {}});
  ASSERT_EQ(found.candidates.size(), 1u);
  EXPECT_EQ(found.candidates[0].file, dir.path() / strata::plugin_file_name("optional"));
}

}  // namespace
}  // namespace strata_test
