#include "python_format.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <vector>

#include "strata/op_error.hpp"

namespace strata::training_detail {
namespace {

[[noreturn]] void bad_path(std::string_view pattern, std::string_view reason) {
  throw ValueError(
      fmt::format("Failed to format this callback filepath: \"{}\". Reason: {}", pattern, reason));
}

// A float presentation type at the end of the spec: Python formats an int with it as a float.
bool wants_float(std::string_view spec) {
  return !spec.empty() && std::string_view("eEfFgG").find(spec.back()) != std::string_view::npos;
}

template <typename T>
std::string with_spec(std::string_view pattern, std::string_view name, std::string_view spec,
                      T value) {
  try {
    return fmt::format(fmt::runtime(fmt::format("{{:{}}}", spec)), value);
  } catch (const fmt::format_error& e) {
    bad_path(pattern, fmt::format("the format \"{}\" of field \"{}\" does not apply to {} ({})",
                                  spec, name, value, e.what()));
  }
}

std::string field(std::string_view pattern, std::string_view name, std::string_view spec, int epoch,
                  const Logs& logs) {
  if (name == "epoch") {
    if (wants_float(spec)) return with_spec(pattern, name, spec, static_cast<double>(epoch));
    return with_spec(pattern, name, spec, epoch);
  }
  const std::optional<double> value = find_log(logs, name);
  if (!value) {
    std::vector<std::string_view> keys{"epoch"};
    for (const auto& entry : logs) keys.push_back(entry.first);
    bad_path(pattern, fmt::format("there is no value named \"{}\"; the fields it can use are {}",
                                  name, fmt::join(keys, ", ")));
  }
  if (spec.empty()) return python_float(*value);
  return with_spec(pattern, name, spec, *value);
}

}  // namespace

std::string python_float(double value) {
  std::string text = fmt::format("{}", value);
  const bool whole = std::all_of(text.begin(), text.end(),
                                 [](char c) { return (c >= '0' && c <= '9') || c == '-'; });
  if (whole) text += ".0";
  return text;
}

std::string format_checkpoint_path(std::string_view pattern, int epoch, const Logs& logs) {
  std::string out;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    const bool doubled = i + 1 < pattern.size() && pattern[i + 1] == c;
    if (c == '}') {
      if (!doubled) bad_path(pattern, fmt::format("a single '}}' at character {}", i + 1));
      out += '}';
      ++i;
      continue;
    }
    if (c != '{') {
      out += c;
      continue;
    }
    if (doubled) {
      out += '{';
      ++i;
      continue;
    }
    const size_t close = pattern.find('}', i);
    if (close == std::string_view::npos) {
      bad_path(pattern, fmt::format("the '{{' at character {} is never closed", i + 1));
    }
    const std::string_view body = pattern.substr(i + 1, close - i - 1);
    const size_t colon = body.find(':');
    const std::string_view name = body.substr(0, colon);
    const std::string_view spec =
        colon == std::string_view::npos ? std::string_view() : body.substr(colon + 1);
    if (name.empty() || name.find_first_of("{!") != std::string_view::npos) {
      bad_path(pattern, fmt::format("\"{{{}}}\" is not a field Strata can fill (write {{name}} or "
                                    "{{name:format}})",
                                    body));
    }
    out += field(pattern, name, spec, epoch, logs);
    i = close;
  }
  return out;
}

}  // namespace strata::training_detail
