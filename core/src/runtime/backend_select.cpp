// select_backend: from "auto", a name or a path to a started Backend, or to an error that
// says what was tried and what would have worked.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "strata/backend.hpp"

namespace strata {
namespace {

// The file for `name` in each search folder, in order; missing ones are recorded as such.
std::vector<Candidate> named_candidates(std::string_view name, const SearchPath& path) {
  std::vector<Candidate> candidates;
  for (const SearchFolder& folder : path.folders) {
    candidates.push_back(load_plugin(folder.folder / plugin_file_name(name)));
  }
  return candidates;
}

// Every plugin in the search path, usable ones first by score (search order breaks ties).
std::vector<Candidate> ranked(std::vector<Candidate> candidates) {
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) {
                     const int32_t sa = a.usable() ? a.plugin->info().score : -1;
                     const int32_t sb = b.usable() ? b.plugin->info().score : -1;
                     return sa > sb;
                   });
  return candidates;
}

std::vector<Candidate> candidates_for(const BackendRequest& request, const SearchPath& path) {
  if (request.backend == "auto") return ranked(discover_plugins(path).candidates);
  if (is_plugin_path(request.backend)) return {load_plugin(request.backend)};
  return named_candidates(request.backend, path);
}

// Starts the candidate's plugin, or records why it would not start.
std::optional<Backend> start(Candidate& candidate, const BackendRequest& request) {
  if (!candidate.usable()) return std::nullopt;
  const std::string& name = candidate.plugin->name();
  BackendOptions options{request.num_threads,
                         request.settings_for ? request.settings_for(name) : nullptr};
  try {
    return Backend(*candidate.plugin, options);
  } catch (const BackendError& e) {
    candidate.rejection = fmt::format("init failed: {}", e.plugin_message());
  } catch (const Error& e) {
    candidate.rejection = fmt::format("init failed: {}", e.what());
  }
  return std::nullopt;
}

// The backends that would work here: plugins that probe as runnable and start (with the
// settings they would get), best first, one per name. Starting each costs an instance, but
// only on this error path, and a list of backends that then fail too would mislead.
std::vector<Candidate> available(const std::vector<Candidate>& all,
                                 const std::vector<Candidate>& tried,
                                 const BackendRequest& request) {
  std::set<const Plugin*> failed;
  for (const Candidate& c : tried) {
    if (c.plugin != nullptr && !c.usable()) failed.insert(c.plugin);
  }
  std::vector<Candidate> out;
  std::set<std::string> names;
  for (Candidate& c : ranked(all)) {
    if (!c.usable() || failed.contains(c.plugin) || names.contains(c.plugin->name())) continue;
    if (start(c, request)) {
      names.insert(c.plugin->name());
      out.push_back(std::move(c));
    }
  }
  return out;
}

}  // namespace

Selection select_backend(const BackendRequest& request, const SearchPath& search_path) {
  std::vector<Candidate> tried = candidates_for(request, search_path);
  for (Candidate& candidate : tried) {
    if (auto backend = start(candidate, request)) return {std::move(*backend), std::move(tried)};
  }
  auto usable = available(discover_plugins(search_path).candidates, tried, request);
  throw BackendNotFound(request.backend, request.source, std::move(tried), std::move(usable),
                        search_path);
}

Selection select_backend(const BackendRequest& request) {
  return select_backend(request, default_search_path());
}

}  // namespace strata
