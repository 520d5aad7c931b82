// The plugin search path: STRATA_PLUGIN_PATH, then the folders the build and the install put
// plugins in, then the folders beside the core library. Never the current directory, so that
// running a program from a download folder cannot make it load whatever lies there.
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <system_error>

#include "dll.hpp"
#include "strata/plugin.hpp"

namespace strata {
namespace {

namespace fs = std::filesystem;

void add_folder(SearchPath& path, const fs::path& folder, std::string_view origin) {
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) {
    path.notes.push_back(fmt::format("skipped {} ({}): {}", folder.string(), origin,
                                     fs::exists(folder, ec) ? "not a folder" : "does not exist"));
    return;
  }
  fs::path canonical = fs::canonical(folder, ec);
  if (ec) {
    path.notes.push_back(fmt::format("skipped {} ({}): {}", folder.string(), origin, ec.message()));
    return;
  }
  const bool seen = std::any_of(path.folders.begin(), path.folders.end(),
                                [&](const SearchFolder& f) { return f.folder == canonical; });
  if (!seen) path.folders.push_back({std::move(canonical), std::string(origin)});
}

void add_environment_entries(SearchPath& path, std::string_view value) {
  while (!value.empty()) {
    const size_t colon = value.find(':');
    const std::string_view entry = value.substr(0, colon);
    value = colon == std::string_view::npos ? std::string_view() : value.substr(colon + 1);
    if (entry.empty()) continue;
    if (fs::path(entry).is_relative()) {
      path.notes.push_back(fmt::format(
          "skipped relative entry \"{}\" in STRATA_PLUGIN_PATH: the current directory is never "
          "searched; use an absolute path",
          entry));
      continue;
    }
    add_folder(path, fs::path(entry), "STRATA_PLUGIN_PATH");
  }
}

// The folder of the shared library this code is in (libstrata.so), not of the executable.
fs::path core_library_folder() {
  std::error_code ec;
  fs::path location = boost::dll::this_line_location(ec);
  return ec ? fs::path() : location.parent_path();
}

// The build's plugin folder belongs to a core library in the build tree; an installed core
// must not pick up plugins from whatever build folder it was once made in, and vice versa.
bool runs_from_build_tree(const fs::path& core_folder) {
  std::error_code ec;
  return !core_folder.empty() && fs::equivalent(core_folder, STRATA_BUILD_CORE_DIR, ec);
}

}  // namespace

SearchPath make_search_path(std::string_view strata_plugin_path) {
  SearchPath path;
  add_environment_entries(path, strata_plugin_path);
  const fs::path beside = core_library_folder();
  if (runs_from_build_tree(beside)) {
    add_folder(path, STRATA_BUILD_PLUGIN_DIR, "build");
  } else {
    add_folder(path, STRATA_INSTALL_PLUGIN_DIR, "install");
  }
  if (!beside.empty()) {
    add_folder(path, beside, "beside the core library");
    add_folder(path, beside / "strata" / "plugins", "beside the core library");
  }
  return path;
}

SearchPath default_search_path() {
  const char* value = std::getenv("STRATA_PLUGIN_PATH");
  return make_search_path(value != nullptr ? value : "");
}

}  // namespace strata
