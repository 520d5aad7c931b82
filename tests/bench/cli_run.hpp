// Runs the built `strata` tool as a user would, with its own STRATA_HOME and no STRATA_BACKEND.
#pragma once

#include <string>

namespace strata_bench_test {

struct CliResult {
  int status = -1;  // the exit status
  std::string out;  // stdout
  std::string err;  // stderr
};

// `strata <args>`; `args` is passed to sh as written.
CliResult run_strata(const std::string& args);

// `text` quoted for sh.
std::string quoted(const std::string& text);

}  // namespace strata_bench_test
