#include "loader_test_support.hpp"

#include <stdlib.h>

#include <stdexcept>

namespace strata_test {

namespace fs = std::filesystem;

fs::path test_plugin_dir() {
  return STRATA_TEST_PLUGIN_DIR;
}

fs::path test_plugin(std::string_view name) {
  return test_plugin_dir() / strata::plugin_file_name(name);
}

strata::SearchPath test_only_search_path() {
  return strata::SearchPath{{{fs::canonical(test_plugin_dir()), "test"}}, {}};
}

strata::BackendRequest request(std::string backend, std::string source) {
  strata::BackendRequest r;
  r.backend = std::move(backend);
  r.source = std::move(source);
  return r;
}

ScopedEnv::ScopedEnv(std::string name, std::optional<std::string> value) : name_(std::move(name)) {
  if (const char* old = ::getenv(name_.c_str())) saved_ = old;
  if (value) {
    ::setenv(name_.c_str(), value->c_str(), 1);
  } else {
    ::unsetenv(name_.c_str());
  }
}

ScopedEnv::~ScopedEnv() {
  if (saved_) {
    ::setenv(name_.c_str(), saved_->c_str(), 1);
  } else {
    ::unsetenv(name_.c_str());
  }
}

TempDir::TempDir() {
  std::string pattern = (fs::temp_directory_path() / "strata-loader-test-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = fs::canonical(pattern);
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::permissions(path_, fs::perms::owner_all, ec);  // a test may have made it unusual
  fs::remove_all(path_, ec);
}

fs::path TempDir::copy_plugin(std::string_view name, std::string_view as) const {
  const fs::path target = path_ / strata::plugin_file_name(as.empty() ? name : as);
  fs::copy_file(test_plugin(name), target, fs::copy_options::overwrite_existing);
  fs::permissions(target, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                              fs::perms::others_read | fs::perms::others_exec);
  return target;
}

}  // namespace strata_test
