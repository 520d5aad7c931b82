// `strata`: the command-line face of the runtime. Errors go to stderr with a non-zero status.
#include <fmt/format.h>
#include <strata/backend.h>
#include <strata/error.hpp>
#include <strata/version.hpp>

#include <array>
#include <exception>
#include <string_view>

#include "commands.hpp"

namespace strata_cli {
namespace {

struct Command {
  std::string_view name;
  std::string_view summary;
  int (*run)(CommandLine&);
};

constexpr std::array kCommands = {
    Command{"demo", "train a network on Fashion-MNIST and print its test accuracy", run_demo},
    Command{"info", "the backend that would be used and why; config; every plugin found", run_info},
    Command{"config", "show the effective settings (config show) or change one (config set)",
            run_config},
    Command{"conformance", "judge a backend plugin against the reference backend", run_conformance},
    Command{"bench",
            "time workloads on a backend and on its peers (OpenBLAS, BLIS, oneDNN, PyTorch)",
            run_bench},
};

void print_help() {
  fmt::print(
      "usage: strata <command> [options]\n"
      "\n"
      "Strata runs Keras-style models on pluggable backends. Commands:\n");
  for (const Command& c : kCommands) fmt::print("  {:<12} {}\n", c.name, c.summary);
  fmt::print(
      "\n"
      "Options:\n"
      "  --help       this text (also: strata <command> --help)\n"
      "  --version    versions of the tool and of the backend ABI\n"
      "\n"
      "Environment: STRATA_BACKEND (name or plugin path), STRATA_HOME (config folder),\n"
      "STRATA_PLUGIN_PATH (extra plugin folders, colon-separated), STRATA_QUIET=1.\n");
}

int dispatch(int argc, char** argv) {
  if (argc < 2) {
    print_help();
    return 2;
  }
  const std::string_view first = argv[1];
  if (first == "--help" || first == "-h" || first == "help") {
    print_help();
    return 0;
  }
  if (first == "--version") {
    fmt::print("strata {} (backend ABI {}.{})\n", strata::version(), STRATA_ABI_MAJOR,
               STRATA_ABI_MINOR);
    return 0;
  }
  for (const Command& c : kCommands) {
    if (c.name == first) {
      CommandLine args({argv + 2, static_cast<size_t>(argc - 2)});
      return c.run(args);
    }
  }
  throw UsageError(fmt::format("unknown command '{}'", first));
}

}  // namespace
}  // namespace strata_cli

int main(int argc, char** argv) {
  try {
    return strata_cli::dispatch(argc, argv);
  } catch (const strata_cli::UsageError& e) {
    fmt::print(stderr, "strata: {}\nRun 'strata --help' for usage.\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    fmt::print(stderr, "strata: error: {}\n", e.what());
    return 1;
  }
}
