// Reading logs: find_log and History's lookup by key.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <vector>

#include "strata/keras/callbacks.hpp"
#include "strata/op_error.hpp"

namespace strata {

std::optional<double> find_log(const Logs& logs, std::string_view key) {
  for (const auto& [name, value] : logs) {
    if (name == key) return value;
  }
  return std::nullopt;
}

const std::vector<double>& History::operator[](const std::string& key) const {
  if (const auto it = history.find(key); it != history.end()) return it->second;
  std::vector<std::string_view> keys;
  for (const auto& entry : history) keys.push_back(entry.first);
  throw ValueError(fmt::format("History has no \"{}\"; its keys are: {}", key,
                               keys.empty() ? std::string("(none: no epoch has ended)")
                                            : fmt::format("{}", fmt::join(keys, ", "))));
}

}  // namespace strata
