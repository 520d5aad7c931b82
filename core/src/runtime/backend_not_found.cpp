// BackendNotFound: the error that explains a failed backend selection file by file.
#include <fmt/format.h>

#include "strata/plugin.hpp"

namespace strata {
namespace {

std::string headline(std::string_view requested, std::string_view source) {
  if (requested == "auto") {
    return fmt::format("no usable backend (backend \"auto\", from {}); files tried:", source);
  }
  return fmt::format("cannot use backend \"{}\" (from {}); files tried:", requested, source);
}

std::string tried_lines(const std::vector<Candidate>& tried) {
  if (tried.empty()) return "\n  no plugin files found";
  std::string out;
  for (const Candidate& c : tried) {
    out += fmt::format("\n  {}: {}", c.file.string(), c.usable() ? "usable" : c.rejection);
  }
  return out;
}

std::string search_path_lines(const SearchPath& path) {
  std::string out = "\nsearched:";
  if (path.folders.empty()) out += " nothing (set STRATA_PLUGIN_PATH to a plugin folder)";
  for (const SearchFolder& f : path.folders) {
    out += fmt::format("\n  {} ({})", f.folder.string(), f.origin);
  }
  for (const std::string& note : path.notes) out += fmt::format("\n  note: {}", note);
  return out;
}

std::string available_line(const std::vector<Candidate>& available) {
  if (available.empty()) return "\navailable: none: no plugin in the search path can run here";
  std::string out = "\navailable: ";
  for (size_t i = 0; i < available.size(); ++i) {
    const PluginInfo& info = available[i].plugin->info();
    out += fmt::format("{}{} (score {})", i == 0 ? "" : ", ", info.name, info.score);
  }
  return out;
}

}  // namespace

BackendNotFound::BackendNotFound(std::string requested, std::string source,
                                 std::vector<Candidate> tried, std::vector<Candidate> available,
                                 const SearchPath& search_path)
    : Error(headline(requested, source) + tried_lines(tried) + search_path_lines(search_path) +
            available_line(available)),
      requested_(std::move(requested)),
      source_(std::move(source)),
      tried_(std::move(tried)),
      available_(std::move(available)) {}

}  // namespace strata
