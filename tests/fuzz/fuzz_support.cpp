#include "fuzz_support.hpp"

#include <stdlib.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "strata/error.hpp"

namespace strata_fuzz {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "fuzz: %s\n", what);
  std::abort();
}

fs::path& home() {
  static fs::path path;
  return path;
}

void remove_home() {
  std::error_code ignored;
  fs::remove_all(home(), ignored);
}

}  // namespace

void isolate() {
  // In memory where there is a tmpfs: the input is written to a file there for every run.
  const fs::path base = fs::is_directory("/dev/shm") ? "/dev/shm" : fs::temp_directory_path();
  std::string pattern = (base / "strata-fuzz-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) fail("mkdtemp failed");
  home() = pattern;
  std::atexit(remove_home);
  ::setenv("STRATA_HOME", pattern.c_str(), 1);
  ::setenv("STRATA_BACKEND", "reference", 1);
  ::unsetenv("STRATA_PLUGIN_PATH");
  ::setenv("STRATA_QUIET", "1", 1);
}

const fs::path& input_file(std::span<const std::byte> bytes) {
  static const fs::path file = home() / "input";
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) fail("cannot write the input file");
  return file;
}

void expect_clean_rejection(const std::function<void()>& parse) {
  try {
    parse();
  } catch (const strata::Error& e) {
    if (*e.what() == '\0') fail("a strata::Error with an empty message");
  }
}

}  // namespace strata_fuzz

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  strata_fuzz::isolate();
  return 0;
}
