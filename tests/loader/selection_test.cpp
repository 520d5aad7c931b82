// Choosing the backend: auto skips what cannot start and says why; a named or path request
// that cannot be used throws BackendNotFound listing every file tried and what would work.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json/parse.hpp>

#include "loader_test_support.hpp"

namespace strata_test {
namespace {

namespace fs = std::filesystem;
using strata::BackendNotFound;
using strata::Candidate;
using strata::select_backend;

std::string file_line(const fs::path& file, std::string_view fate) {
  return fmt::format("\n  {}: {}", file.string(), fate);
}

// The fate of `file` among the candidates, or "absent".
std::string fate_of(const std::vector<Candidate>& candidates, const fs::path& file) {
  for (const Candidate& c : candidates) {
    if (c.file == file) return c.usable() ? "usable" : c.rejection;
  }
  return "absent";
}

TEST(Selection, AutoSkipsWhatCannotStartAndSaysWhy) {
  const strata::Selection chosen =
      select_backend(request("auto", "default"), test_only_search_path());
  EXPECT_EQ(chosen.backend.name(), "optional");
  const auto& c = chosen.candidates;
  // Best score first: greedy (1000) and initfail (999) were tried and failed to start.
  ASSERT_GE(c.size(), 3u);
  EXPECT_EQ(c[0].file, test_plugin("greedy"));
  EXPECT_EQ(c[0].rejection, "init failed: test: refusing to start; got num_threads=0 settings=[]");
  EXPECT_EQ(c[1].rejection, "init failed: test: init refused");
  EXPECT_EQ(c[2].file, test_plugin("optional"));
  EXPECT_TRUE(c[2].usable());
  // Files that are not usable plugins at all are listed with their reasons.
  EXPECT_EQ(fate_of(c, test_plugin("abi2")), "ABI major 2, expected 1");
  EXPECT_EQ(fate_of(c, test_plugin("nosym")),
            "not a Strata plugin: no strata_backend_get_api symbol");
  EXPECT_EQ(fate_of(c, test_plugin("nullslot")),
            "incomplete table: required slot buffer_read (ABI 1.0) is NULL");
  EXPECT_EQ(fate_of(c, test_plugin("probe0")), "probe: test: needs a device this machine lacks");
}

TEST(Selection, AutoOverTheDefaultSearchPathUsesStrataPluginPath) {
  ScopedEnv env("STRATA_PLUGIN_PATH", test_plugin_dir().string());
  EXPECT_EQ(select_backend(request("auto", "default")).backend.name(), "optional");
}

TEST(Selection, AutoWithNothingUsableThrows) {
  TempDir dir;
  dir.copy_plugin("greedy");
  dir.copy_plugin("probe0");
  dir.copy_plugin("abi2");
  const strata::SearchPath path{{{dir.path(), "test"}}, {}};
  try {
    select_backend(request("auto", "default"), path);
    FAIL() << "expected BackendNotFound";
  } catch (const BackendNotFound& e) {
    const std::string what = e.what();
    EXPECT_TRUE(
        what.starts_with("no usable backend (backend \"auto\", from default); files tried:"))
        << what;
    EXPECT_NE(what.find(file_line(dir.path() / strata::plugin_file_name("greedy"),
                                  "init failed: test: refusing to start; got num_threads=0 "
                                  "settings=[]")),
              std::string::npos)
        << what;
    EXPECT_NE(what.find(file_line(dir.path() / strata::plugin_file_name("probe0"),
                                  "probe: test: needs a device this machine lacks")),
              std::string::npos)
        << what;
    EXPECT_NE(what.find(file_line(dir.path() / strata::plugin_file_name("abi2"),
                                  "ABI major 2, expected 1")),
              std::string::npos)
        << what;
    EXPECT_NE(what.find(fmt::format("searched:\n  {} (test)", dir.path().string())),
              std::string::npos)
        << what;
    EXPECT_TRUE(what.ends_with("available: none: no plugin in the search path can run here"))
        << what;
    EXPECT_TRUE(e.available().empty());
    EXPECT_EQ(e.tried().size(), 3u);
  }
}

// A named request for each misbehaving plugin fails with that plugin's reason, and the error
// lists what would work instead.
struct BadPlugin {
  std::string name;
  std::string fate;  // exact, or a prefix when it ends with "..."
};

// Keeps test names and logs readable instead of a byte dump.
void PrintTo(const BadPlugin& bad, std::ostream* out) {
  *out << bad.name;
}

class NamedBadPlugin : public testing::TestWithParam<BadPlugin> {};

TEST_P(NamedBadPlugin, ThrowsWithReasonAndAlternatives) {
  const BadPlugin& bad = GetParam();
  ScopedEnv env("STRATA_PLUGIN_PATH", test_plugin_dir().string());
  try {
    select_backend(request(bad.name, "STRATA_BACKEND"));
    FAIL() << "expected BackendNotFound for " << bad.name;
  } catch (const BackendNotFound& e) {
    const std::string what = e.what();
    EXPECT_TRUE(what.starts_with(
        fmt::format("cannot use backend \"{}\" (from STRATA_BACKEND); files tried:", bad.name)))
        << what;
    EXPECT_EQ(e.requested(), bad.name);
    EXPECT_EQ(e.source(), "STRATA_BACKEND");
    ASSERT_FALSE(e.tried().empty());
    EXPECT_EQ(e.tried()[0].file, test_plugin(bad.name));
    if (bad.fate.ends_with("...")) {
      const std::string prefix = bad.fate.substr(0, bad.fate.size() - 3);
      EXPECT_TRUE(e.tried()[0].rejection.starts_with(prefix)) << e.tried()[0].rejection;
    } else {
      EXPECT_EQ(e.tried()[0].rejection, bad.fate);
      EXPECT_NE(what.find(file_line(test_plugin(bad.name), bad.fate)), std::string::npos) << what;
    }
    // The same name in the other folders of the search path was looked for too.
    for (size_t i = 1; i < e.tried().size(); ++i) EXPECT_EQ(e.tried()[i].rejection, "not found");
    // What would work: the best usable plugin of the test folder, plus the in-tree reference.
    EXPECT_NE(what.find("\navailable: optional (score 998)"), std::string::npos) << what;
#ifdef STRATA_TEST_REFERENCE_PLUGIN
    EXPECT_NE(what.find("reference (score 10)"), std::string::npos) << what;
#endif
    for (const Candidate& c : e.available()) EXPECT_NE(c.plugin->name(), bad.name);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Loader, NamedBadPlugin,
    testing::Values(
        BadPlugin{"text", "not a shared library: ..."},
        BadPlugin{"nosym", "not a Strata plugin: no strata_backend_get_api symbol"},
        BadPlugin{"abi2", "ABI major 2, expected 1"},
        BadPlugin{"truncated", "incomplete table: struct_size ..."},
        BadPlugin{"nullslot", "incomplete table: required slot buffer_read (ABI 1.0) is NULL"},
        BadPlugin{"probe0", "probe: test: needs a device this machine lacks"},
        BadPlugin{"initfail", "init failed: test: init refused"},
        BadPlugin{"greedy", "init failed: test: refusing to start; got num_threads=0 settings=[]"}),
    [](const testing::TestParamInfo<BadPlugin>& info) { return info.param.name; });

TEST(Selection, UnknownNameListsEveryFolderAsNotFound) {
  ScopedEnv env("STRATA_PLUGIN_PATH", test_plugin_dir().string());
  try {
    select_backend(request("nonesuch", "config file /root/.strata/strata.json"));
    FAIL() << "expected BackendNotFound";
  } catch (const BackendNotFound& e) {
    const std::string what = e.what();
    EXPECT_TRUE(
        what.starts_with("cannot use backend \"nonesuch\" (from config file "
                         "/root/.strata/strata.json); files tried:"))
        << what;
    const strata::SearchPath path = strata::default_search_path();
    ASSERT_EQ(e.tried().size(), path.folders.size());
    for (size_t i = 0; i < path.folders.size(); ++i) {
      const fs::path file = path.folders[i].folder / strata::plugin_file_name("nonesuch");
      EXPECT_EQ(e.tried()[i].file, file);
      EXPECT_NE(what.find(file_line(file, "not found")), std::string::npos) << what;
    }
  }
}

TEST(Selection, EarlierFolderInStrataPluginPathWins) {
  TempDir first, second;
  const fs::path a = first.copy_plugin("optional");
  const fs::path b = second.copy_plugin("optional");
  {
    ScopedEnv env("STRATA_PLUGIN_PATH", first.path().string() + ":" + second.path().string());
    EXPECT_EQ(select_backend(request("optional")).backend.plugin().file(), a);
  }
  {
    ScopedEnv env("STRATA_PLUGIN_PATH", second.path().string() + ":" + first.path().string());
    EXPECT_EQ(select_backend(request("optional")).backend.plugin().file(), b);
  }
}

TEST(Selection, NamedRequestFallsThroughToTheNextFolder) {
  // A broken copy earlier in the path is reported but does not hide a working one later.
  TempDir broken;
  broken.copy_plugin("abi2", "optional");
  ScopedEnv env("STRATA_PLUGIN_PATH", broken.path().string() + ":" + test_plugin_dir().string());
  const strata::Selection chosen = select_backend(request("optional"));
  EXPECT_EQ(chosen.backend.plugin().file(), fs::canonical(test_plugin("optional")));
  EXPECT_EQ(chosen.candidates[0].rejection, "ABI major 2, expected 1");
}

TEST(Selection, RelativeEntriesAndTheCurrentDirectoryAreNeverSearched) {
  const fs::path saved = fs::current_path();
  fs::current_path(test_plugin_dir());  // the plugin is right here, and must not be found
  ScopedEnv env("STRATA_PLUGIN_PATH", ".:../test_plugins:");
  try {
    select_backend(request("optional"));
    fs::current_path(saved);
    FAIL() << "a plugin in the current directory was loaded";
  } catch (const BackendNotFound& e) {
    fs::current_path(saved);
    const std::string what = e.what();
    EXPECT_NE(what.find("note: skipped relative entry \".\" in STRATA_PLUGIN_PATH"),
              std::string::npos)
        << what;
    EXPECT_NE(what.find("note: skipped relative entry \"../test_plugins\""), std::string::npos)
        << what;
    EXPECT_EQ(what.find(test_plugin_dir().string()), std::string::npos) << what;
  }
}

TEST(Selection, ExplicitPath) {
  const strata::Selection chosen = select_backend(
      request(test_plugin("optional").string(), "argument"), test_only_search_path());
  EXPECT_EQ(chosen.backend.name(), "optional");
  ASSERT_EQ(chosen.candidates.size(), 1u);
}

TEST(Selection, ExplicitPathMustBeAnExistingRegularFile) {
  for (const fs::path& bad : {test_plugin_dir(), test_plugin("nonesuch")}) {
    try {
      select_backend(request(bad.string(), "argument"), test_only_search_path());
      FAIL() << "expected BackendNotFound for " << bad;
    } catch (const BackendNotFound& e) {
      ASSERT_EQ(e.tried().size(), 1u);
      EXPECT_EQ(e.tried()[0].rejection,
                bad == test_plugin_dir() ? "not a regular file" : "not found");
      EXPECT_NE(std::string(e.what()).find("available: optional (score 998)"), std::string::npos);
    }
  }
}

TEST(Selection, SettingsReachInstanceCreate) {
  const boost::json::object settings =
      boost::json::parse(R"({"threads": 3, "device": 0, "mode": "fast", "list": [1, true]})")
          .as_object();
  strata::BackendRequest r = request("greedy");
  std::vector<std::string> asked_for;
  r.settings_for = [&](std::string_view name) -> const boost::json::object* {
    asked_for.emplace_back(name);
    return name == "greedy" ? &settings : nullptr;
  };
  try {
    select_backend(r, test_only_search_path());
    FAIL() << "greedy never starts";
  } catch (const BackendNotFound& e) {
    ASSERT_FALSE(asked_for.empty());
    EXPECT_EQ(asked_for.front(), "greedy");  // then the others, to see which would work
    EXPECT_EQ(e.tried()[0].rejection,
              "init failed: test: refusing to start; got num_threads=3 "
              "settings=[device=0, mode=\"fast\", list=[1,true]]");
  }
}

TEST(Selection, ExplicitThreadCountOverridesTheSetting) {
  const boost::json::object settings = boost::json::parse(R"({"threads": 3})").as_object();
  const strata::Plugin& greedy = *strata::load_plugin(test_plugin("greedy")).plugin;
  try {
    strata::Backend backend(greedy, {7, &settings});
    FAIL() << "greedy never starts";
  } catch (const strata::BackendError& e) {
    EXPECT_EQ(e.plugin(), "greedy");
    EXPECT_EQ(e.context(), "instance_create");
    EXPECT_EQ(e.code(), STRATA_INVALID_ARGUMENT);
    EXPECT_EQ(e.plugin_message(), "test: refusing to start; got num_threads=7 settings=[]");
    EXPECT_STREQ(e.what(),
                 "greedy backend: instance_create: test: refusing to start; got "
                 "num_threads=7 settings=[]");
  }
}

TEST(Selection, MalformedThreadSettingIsAnInitFailure) {
  const boost::json::object settings = boost::json::parse(R"({"threads": "four"})").as_object();
  strata::BackendRequest r = request("optional");
  r.settings_for = [&](std::string_view) { return &settings; };
  try {
    select_backend(r, test_only_search_path());
    FAIL() << "expected BackendNotFound";
  } catch (const BackendNotFound& e) {
    EXPECT_EQ(e.tried()[0].rejection,
              "init failed: settings of the optional backend: \"threads\" must be a whole "
              "number from 0 (the backend's default) to 2147483647, not \"four\"");
  }
}

}  // namespace
}  // namespace strata_test
