#include "command_line.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace strata_cli {
namespace {

// "-1" and "-.5" are values (e.g. `strata config set epsilon -1`, rejected later as a value),
// not options.
bool looks_like_option(const std::string& arg) {
  return arg.size() > 1 && arg[0] == '-' && !std::isdigit(static_cast<unsigned char>(arg[1])) &&
         arg[1] != '.';
}

}  // namespace

CommandLine::CommandLine(std::span<char* const> args) : args_(args.begin(), args.end()) {}

bool CommandLine::flag(std::string_view name, std::string_view short_name) {
  auto it = std::find_if(args_.begin(), args_.end(), [&](const std::string& a) {
    return a == name || (!short_name.empty() && a == short_name);
  });
  if (it == args_.end()) return false;
  args_.erase(it);
  return true;
}

std::optional<std::string> CommandLine::option(std::string_view name, std::string_view short_name) {
  const std::string with_equals = fmt::format("{}=", name);
  for (auto it = args_.begin(); it != args_.end(); ++it) {
    if (it->starts_with(with_equals)) {
      std::string value = it->substr(with_equals.size());
      args_.erase(it);
      return value;
    }
    if (*it == name || (!short_name.empty() && *it == short_name)) {
      if (it + 1 == args_.end()) throw UsageError(fmt::format("{} needs a value", *it));
      std::string value = *(it + 1);
      args_.erase(it, it + 2);
      return value;
    }
  }
  return std::nullopt;
}

std::vector<std::string> CommandLine::words(size_t max) {
  for (const std::string& a : args_) {
    if (looks_like_option(a)) throw UsageError(fmt::format("unknown option '{}'", a));
  }
  if (args_.size() > max) {
    throw UsageError(fmt::format("unexpected argument '{}'", args_[max]));
  }
  return args_;
}

std::vector<std::string> split_list(const std::string& list) {
  std::vector<std::string> items;
  size_t start = 0;
  while (start <= list.size()) {
    const size_t comma = std::min(list.find(',', start), list.size());
    if (comma > start) items.push_back(list.substr(start, comma - start));
    start = comma + 1;
  }
  return items;
}

}  // namespace strata_cli
