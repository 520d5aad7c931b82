// discover_plugins: every plugin file in the search path and its fate, for `strata info`.
#include <fmt/format.h>

#include <algorithm>
#include <system_error>

#include "plugin_names.hpp"
#include "strata/plugin.hpp"

namespace strata {
namespace {

namespace fs = std::filesystem;

bool looks_like_plugin(const fs::path& file) {
  const std::string name = file.filename().string();
  return name.size() > runtime::kPluginPrefix.size() + runtime::kPluginSuffix.size() &&
         name.starts_with(runtime::kPluginPrefix) && name.ends_with(runtime::kPluginSuffix);
}

// The plugin files in one folder, sorted so listings do not depend on directory order.
std::vector<fs::path> plugin_files(const fs::path& folder, std::vector<std::string>& notes) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    if (looks_like_plugin(it->path())) files.push_back(it->path());
  }
  if (ec) notes.push_back(fmt::format("could not list {}: {}", folder.string(), ec.message()));
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

Discovery discover_plugins(const SearchPath& search_path) {
  Discovery discovery{search_path, {}};
  for (const SearchFolder& folder : search_path.folders) {
    for (const fs::path& file : plugin_files(folder.folder, discovery.search_path.notes)) {
      discovery.candidates.push_back(load_plugin(file));
    }
  }
  return discovery;
}

}  // namespace strata
