#include "cli_run.hpp"

#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace strata_bench_test {

std::string quoted(const std::string& text) {
  std::string out = "'";
  for (const char ch : text) out += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
  return out + "'";
}

CliResult run_strata(const std::string& args) {
  static int counter = 0;
  std::filesystem::create_directories(STRATA_TEST_HOME);
  const std::filesystem::path err_file =
      std::filesystem::path(STRATA_TEST_HOME) / fmt::format("stderr-{}-{}", ::getpid(), counter++);
  const std::string command = fmt::format(
      "env -u STRATA_BACKEND STRATA_HOME={} STRATA_QUIET=1 {} {} 2>{}", quoted(STRATA_TEST_HOME),
      quoted(STRATA_TEST_CLI), args, quoted(err_file.string()));
  CliResult result;
  std::FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  char chunk[4096];
  while (const size_t got = std::fread(chunk, 1, sizeof chunk, pipe)) result.out.append(chunk, got);
  const int status = ::pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream err(err_file);
  std::stringstream text;
  text << err.rdbuf();
  result.err = text.str();
  std::filesystem::remove(err_file);
  return result;
}

}  // namespace strata_bench_test
