// The subcommands of the `strata` tool, one file each. Each returns the process exit status
// and throws strata::Error (or UsageError) for main to report.
#pragma once

#include "command_line.hpp"

namespace strata_cli {

int run_info(CommandLine& args);
int run_config(CommandLine& args);
int run_conformance(CommandLine& args);
int run_demo(CommandLine& args);
int run_bench(CommandLine& args);

}  // namespace strata_cli
