// A small command-line reader for the `strata` tool: positional words and --flags, with
// errors that say what was wrong and point at --help.
#pragma once

#include <fmt/format.h>

#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
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

// "a,b,,c" -> {"a", "b", "c"}: the items of a comma-separated option value.
std::vector<std::string> split_list(const std::string& list);

// The number in an option's value: a UsageError naming the option unless all of `text` is
// one (a non-negative integer for integer T).
template <typename T>
T parse_number(const std::string& text, std::string_view option) {
  try {
    size_t used = 0;
    T value{};
    if constexpr (std::is_floating_point_v<T>) {
      value = std::stod(text, &used);
    } else {
      value = static_cast<T>(std::stoull(text, &used));
    }
    if (used == text.size()) return value;
  } catch (const std::exception&) {
  }
  throw UsageError(fmt::format("{}: '{}' is not a {}", option, text,
                               std::is_floating_point_v<T> ? "number" : "non-negative integer"));
}

}  // namespace strata_cli
