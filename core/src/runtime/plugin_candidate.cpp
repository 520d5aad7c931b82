// Candidate::describe: one line per file for `strata info` and for selection errors.
#include <fmt/format.h>

#include "strata/plugin.hpp"

namespace strata {

std::string Candidate::describe() const {
  if (plugin == nullptr) return "rejected: " + rejection;
  const PluginInfo& info = plugin->info();
  std::string line = fmt::format("{} {} (ABI {}.{}, score {}): {}", info.name, info.version,
                                 info.abi_major, info.abi_minor, info.score, info.description);
  if (!rejection.empty()) return fmt::format("{}; rejected: {}", line, rejection);
  if (!info.probe_note.empty()) line += fmt::format(" [{}]", info.probe_note);
  return line;
}

}  // namespace strata
