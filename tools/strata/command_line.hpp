// A small command-line reader for the `strata` tool: positional words and --flags, with
// errors that say what was wrong and point at --help.
#pragma once

#include <optional>
#include <stdexcept>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace strata_cli {

// Thrown for a malformed command line; main prints it with a pointer to --help.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Commands take their flags and options first (each call consumes what it matched), then
// the positional words that are left. Anything starting with '-' that nobody consumed is a
// usage error, so a misspelt flag is never silently read as a word.
class CommandLine {
 public:
  explicit CommandLine(std::span<char* const> args);

  // True (and consumed) if --name (or -short) appears.
  bool flag(std::string_view name, std::string_view short_name = {});
  // The value of "--name VALUE", "--name=VALUE" or "-short VALUE" (consumed), if present.
  std::optional<std::string> option(std::string_view name, std::string_view short_name = {});
  // The positional words left, in order; a usage error if an unknown flag remains or more
  // than `max` words are left.
  std::vector<std::string> words(size_t max);

 private:
  std::vector<std::string> args_;
};

}  // namespace strata_cli
