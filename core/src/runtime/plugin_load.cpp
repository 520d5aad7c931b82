// load_plugin: from a file name to a validated, probed Plugin or the reason there is none.
#include <fmt/format.h>

#include <system_error>
#include <variant>

#include "plugin_describe.hpp"
#include "plugin_library.hpp"
#include "plugin_registry.hpp"
#include "plugin_safety.hpp"
#include "plugin_table.hpp"
#include "strata/plugin.hpp"

namespace strata {

Plugin::Plugin(std::filesystem::path file, const strata_backend_api& api, PluginInfo info)
    : file_(std::move(file)), api_(api), info_(std::move(info)) {}

namespace {

namespace fs = std::filesystem;

// The canonical path of an existing regular file, or why the file cannot be a plugin.
std::variant<fs::path, std::string> resolve(const fs::path& file) {
  std::error_code ec;
  const fs::file_status status = fs::status(file, ec);
  if (!fs::exists(status)) return std::string("not found");
  if (!fs::is_regular_file(status)) return std::string("not a regular file");
  fs::path canonical = fs::canonical(file, ec);
  if (ec) return fmt::format("cannot resolve the path: {}", ec.message());
  return canonical;
}

// Validates and probes the table of an opened library.
Candidate accept(const fs::path& canonical, const strata_backend_api& table,
                 runtime::Registry& registry) {
  auto api = runtime::validate_table(table);
  if (auto* reason = std::get_if<std::string>(&api)) return {canonical, nullptr, *reason};
  const auto& host_api = std::get<strata_backend_api>(api);
  PluginInfo info = runtime::describe_plugin(host_api);
  std::string rejection = runtime::probe_rejection(info);
  const Plugin& plugin =
      registry.adopt(std::make_unique<Plugin>(canonical, host_api, std::move(info)));
  return {canonical, &plugin, std::move(rejection)};
}

// Opens a file not seen before. A library that failed to open was not loaded, so trying again
// later may succeed; one that opened stays loaded and keeps its fate. Caller holds the mutex.
Candidate open_candidate(const fs::path& canonical, runtime::Registry& registry) {
  const runtime::OpenedTable opened = runtime::open_plugin_table(canonical, registry);
  Candidate fate = opened.table != nullptr ? accept(canonical, *opened.table, registry)
                                           : Candidate{canonical, nullptr, opened.rejection};
  if (opened.loaded) registry.remember(canonical, fate);
  return fate;
}

}  // namespace

Candidate load_plugin(const fs::path& file) {
  const fs::path absolute = fs::absolute(file);
  auto resolved = resolve(absolute);
  if (auto* reason = std::get_if<std::string>(&resolved)) {
    return Candidate{absolute, nullptr, std::move(*reason)};
  }
  const fs::path& canonical = std::get<fs::path>(resolved);
  if (auto unsafe = runtime::unsafe_reason(canonical)) {
    return Candidate{absolute, nullptr, std::move(*unsafe)};
  }
  // A symbolic link is as safe as the folders it lies in: whoever can write there can point it
  // at other code.
  if (absolute.parent_path() != canonical.parent_path()) {
    if (auto unsafe = runtime::unsafe_folders(absolute.parent_path())) {
      return Candidate{absolute, nullptr, std::move(*unsafe)};
    }
  }
  auto& registry = runtime::Registry::instance();
  std::lock_guard lock(registry.mutex());
  Candidate fate;
  if (const Candidate* known = registry.find(canonical)) {
    fate = *known;
  } else {
    fate = open_candidate(canonical, registry);
  }
  fate.file = absolute;
  return fate;
}

}  // namespace strata
