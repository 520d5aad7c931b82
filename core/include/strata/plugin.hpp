// strata/plugin.hpp: finding backend plugins, loading them safely, and saying what became of
// each one.
//
// A plugin named NAME is the file libstrata-backend-NAME.so. The loader never unloads a library
// (plugins hand out static data, and unloading code another thread may still run is a crash),
// so a Plugin, once loaded, lives until the process ends and references to it never dangle.
// Every file the loader looks at gets a fate (a Candidate): either the plugin it holds or the
// reason it was rejected, so `strata info` and the errors of backend selection can explain
// themselves instead of saying "not found".
#pragma once

#include <strata/backend.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "strata/error.hpp"

namespace strata {

// What a plugin says about itself (get_info) and about this machine (probe).
struct PluginInfo {
  std::string name;         // what users type: "reference", "avx"
  std::string version;      // the plugin's own version, e.g. "1.0.0"
  std::string description;  // one line for `strata info`
  uint32_t abi_major = 0;   // from the plugin's table
  uint32_t abi_minor = 0;
  int32_t score = 0;       // 0 = cannot run here; higher wins under "auto"
  std::string probe_note;  // why the score is 0, or a note about the device found
};

// A loaded plugin library: its validated function table and its description. Owned by the
// loader's registry for the life of the process; hosts hold it by reference.
class Plugin {
 public:
  Plugin(std::filesystem::path file, const strata_backend_api& api, PluginInfo info);
  Plugin(const Plugin&) = delete;
  Plugin& operator=(const Plugin&) = delete;

  // The canonical path of the library file.
  const std::filesystem::path& file() const noexcept { return file_; }
  const PluginInfo& info() const noexcept { return info_; }
  const std::string& name() const noexcept { return info_.name; }
  // A host-side copy of the table: every required slot is non-NULL; optional slots the plugin
  // lacks (or that lie beyond its struct_size) are NULL.
  const strata_backend_api& api() const noexcept { return api_; }

 private:
  std::filesystem::path file_;
  strata_backend_api api_;
  PluginInfo info_;
};

// The fate of one file the loader looked at. `plugin` is set whenever the library loaded and
// its table was valid (also when it then probed 0 or failed to start, so the description can
// still be shown); `rejection` is empty exactly when the plugin is usable here. Rejections read
// "not found", "not a shared library: <dlerror>", "not a Strata plugin: ...", "ABI major 2,
// expected 1", "incomplete table: ...", "unsafe permissions: ...", "probe: <reason>",
// "init failed: <plugin's message>".
struct Candidate {
  std::filesystem::path file;
  const Plugin* plugin = nullptr;
  std::string rejection;

  bool usable() const noexcept { return plugin != nullptr && rejection.empty(); }
  // One line for listings: "reference 1.0.0 (ABI 1.0, score 10): <description> [<note>]"
  // or "rejected: <rejection>".
  std::string describe() const;
};

// One folder of the search path and why it is there ("STRATA_PLUGIN_PATH", "build",
// "install", "beside the core library").
struct SearchFolder {
  std::filesystem::path folder;  // canonical
  std::string origin;
};

// The folders searched for plugins, in order, existing and without duplicates, plus notes on
// every entry that was skipped and why.
struct SearchPath {
  std::vector<SearchFolder> folders;
  std::vector<std::string> notes;
};

// The search path for a given value of STRATA_PLUGIN_PATH (colon-separated; empty entries are
// ignored, relative ones skipped with a note because the current directory is never searched),
// followed by the build's plugin folder when this core library runs from the build tree (the
// install plugin folder when it is installed), then the folder beside the core library and its
// strata/plugins subfolder.
SearchPath make_search_path(std::string_view strata_plugin_path);
// make_search_path() of the STRATA_PLUGIN_PATH environment variable (unset = empty).
SearchPath default_search_path();

// "libstrata-backend-NAME.so".
std::string plugin_file_name(std::string_view name);
// True when a backend request names a file rather than a plugin: it contains a '/'.
bool is_plugin_path(std::string_view request);

// Loads, validates and probes one plugin file; never throws for a bad file (only on
// exhausted memory), never crashes on one. Loading the same canonical file again returns the
// same Plugin.
Candidate load_plugin(const std::filesystem::path& file);

// Every plugin file in the search path (libstrata-backend-*.so, in search path order, sorted by
// name within a folder), each loaded and probed, with its fate. For `strata info`.
struct Discovery {
  SearchPath search_path;  // its notes also say which folders could not be listed
  std::vector<Candidate> candidates;
};
Discovery discover_plugins(const SearchPath& search_path);

// A requested backend that cannot be used. The message names the request and where it came
// from, lists every file tried with its fate, the search path, and the backends that would
// work here ("available: reference (score 10)").
class BackendNotFound : public Error {
 public:
  BackendNotFound(std::string requested, std::string source, std::vector<Candidate> tried,
                  std::vector<Candidate> available, const SearchPath& search_path);

  const std::string& requested() const noexcept { return requested_; }
  const std::string& source() const noexcept { return source_; }
  const std::vector<Candidate>& tried() const noexcept { return tried_; }
  // Plugins that probe as runnable here and did start an instance when tried for this
  // message, best score first, one per name.
  const std::vector<Candidate>& available() const noexcept { return available_; }

 private:
  std::string requested_;
  std::string source_;
  std::vector<Candidate> tried_;
  std::vector<Candidate> available_;
};

}  // namespace strata
