// Safe plugin loading, the cases tests/loader does not cover: the current directory is never
// searched, an explicit STRATA_BACKEND path must be a regular file (never a FIFO, a device or a
// folder), a symbolic link in a folder others can write is refused, and plugins are loaded with
// local binding, so two plugins exporting the same symbol each call their own.
#include <dlfcn.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>

#include "faults_test_support.hpp"
#include "strata/context.hpp"

namespace faults_test {
namespace {

namespace fs = std::filesystem;

fs::path twin(std::string_view side) {
  return fs::path(STRATA_TEST_PLUGIN_FOLDER) /
         strata::plugin_file_name(fmt::format("twin-{}", side));
}

// Sets an environment variable (nullopt: unsets it) for one scope.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, std::optional<std::string> value) : name_(name) {
    if (const char* old = std::getenv(name)) saved_ = old;
    value ? setenv(name, value->c_str(), 1) : unsetenv(name);
  }
  ~ScopedEnv() { saved_ ? setenv(name_, saved_->c_str(), 1) : unsetenv(name_); }

 private:
  const char* name_;
  std::optional<std::string> saved_;
};

// Runs in the current directory for one scope.
class ScopedCwd {
 public:
  explicit ScopedCwd(const fs::path& folder) : saved_(fs::current_path()) {
    fs::current_path(folder);
  }
  ~ScopedCwd() { fs::current_path(saved_); }

 private:
  fs::path saved_;
};

// The message Context("") gives for STRATA_BACKEND=value, or "" if it opened.
std::string opening_fails_with(const std::string& value) {
  const ScopedEnv backend("STRATA_BACKEND", value);
  try {
    strata::Context context("");
    return "";
  } catch (const strata::BackendNotFound& e) {
    return e.what();
  }
}

TEST(SafeLoading, TheCurrentDirectoryIsNeverSearched) {
  const TempDir dir;
  fs::copy_file(STRATA_TEST_FAULT_PLUGIN, dir.path() / strata::plugin_file_name("fromcwd"));
  const ScopedCwd cwd(dir.path());
  const ScopedEnv path("STRATA_PLUGIN_PATH", std::nullopt);
  const std::string message = opening_fails_with("fromcwd");
  EXPECT_NE(message.find("cannot use backend \"fromcwd\" (from STRATA_BACKEND)"), std::string::npos)
      << message;
  for (const strata::SearchFolder& folder : strata::default_search_path().folders) {
    EXPECT_NE(folder.folder, fs::canonical(dir.path())) << "the current directory was searched";
  }
  // Named explicitly as a path, the same file is the user's own choice and loads.
  EXPECT_EQ(opening_fails_with("./" + strata::plugin_file_name("fromcwd")), "");
}

TEST(SafeLoading, AnExplicitPathMustBeARegularFile) {
  const TempDir dir;
  const fs::path fifo = dir.path() / strata::plugin_file_name("fifo");
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  const fs::path link = dir.path() / strata::plugin_file_name("devnull");
  fs::create_symlink("/dev/null", link);
  for (const fs::path& path : {fifo, fs::path("/dev/null"), link, dir.path()}) {
    SCOPED_TRACE(path.string());
    // Opening a FIFO would block forever, so this returns only if the loader refuses it first.
    const std::string message = opening_fails_with(path.string());
    EXPECT_NE(message.find("not a regular file"), std::string::npos) << message;
  }
}

TEST(SafeLoading, ALinkInAFolderOthersCanWriteIsRefused) {
  const TempDir dir;
  fs::create_directory(dir.path() / "open");
  const fs::path link = dir.path() / "open" / strata::plugin_file_name("linked");
  fs::create_symlink(STRATA_TEST_FAULT_PLUGIN, link);
  fs::permissions(dir.path() / "open", fs::perms::all);  // chmod 0777, no sticky bit
  const strata::Candidate fate = strata::load_plugin(link);
  EXPECT_EQ(fate.plugin, nullptr);
  EXPECT_NE(fate.rejection.find(fmt::format("the folder {} is writable by group and others",
                                            (dir.path() / "open").string())),
            std::string::npos)
      << fate.rejection;
  EXPECT_NE(fate.rejection.find("fix with: chmod go-w"), std::string::npos) << fate.rejection;
  fs::permissions(dir.path() / "open", fs::perms::group_write | fs::perms::others_write,
                  fs::perm_options::remove);
  EXPECT_TRUE(strata::load_plugin(link).usable()) << strata::load_plugin(link).rejection;
}

TEST(SafeLoading, TwoPluginsExportingOneSymbolEachCallTheirOwn) {
  const strata::Plugin& left = load(twin("left"));
  const strata::Plugin& right = load(twin("right"));
  EXPECT_EQ(left.name(), "twin-left");
  EXPECT_EQ(right.name(), "twin-right");
}

// The test above can fail: with global binding, the second twin calls the first one's symbol.
// Shown in a child process so the global symbol cannot leak into this one.
TEST(SafeLoading, GlobalBindingWouldMakeTheTwinsCollide) {
  // Fresh copies: libraries this process already loaded would keep the bindings they have.
  const TempDir dir;
  const fs::path left = dir.path() / "left.so", right_file = dir.path() / "right.so";
  fs::copy_file(twin("left"), left);
  fs::copy_file(twin("right"), right_file);
  const pid_t child = fork();
  if (child == 0) {
    dlopen(left.c_str(), RTLD_NOW | RTLD_GLOBAL);
    void* right = dlopen(right_file.c_str(), RTLD_NOW | RTLD_LOCAL);
    auto get_api =
        right != nullptr
            ? reinterpret_cast<strata_backend_get_api_fn>(dlsym(right, STRATA_BOOTSTRAP_SYMBOL))
            : nullptr;
    if (get_api == nullptr) _exit(2);
    strata_plugin_info info{};
    info.struct_size = sizeof info;
    get_api(STRATA_ABI_MAJOR)->get_info(&info);
    _exit(std::string_view(info.name, info.name_len) == "twin-left" ? 0 : 1);
  }
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "with RTLD_GLOBAL the right twin still reported its own "
                                       "name, so the local-binding test proves nothing";
}

}  // namespace
}  // namespace faults_test
