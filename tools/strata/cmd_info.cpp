// `strata info`: the backend that would be used and why, the config, and every plugin found.
#include <fmt/format.h>
#include <strata/backend.h>
#include <strata/plugin.hpp>
#include <strata/runtime.hpp>
#include <strata/version.hpp>

#include "commands.hpp"
#include "settings_table.hpp"

namespace strata_cli {
namespace {

void print_config(const strata::Config& config) {
  fmt::print("Config: {} ({}{})\n", config.file.string(), config.file_why,
             config.created ? ", created now with the defaults" : "");
  print_setting_rows(setting_rows(config), 2);
  for (const std::string& warning : config.warnings) fmt::print("  warning: {}\n", warning);
}

void print_plugins(const strata::Discovery& discovery) {
  fmt::print("\nPlugin search path:\n");
  for (const strata::SearchFolder& f : discovery.search_path.folders) {
    fmt::print("  {} ({})\n", f.folder.string(), f.origin);
  }
  for (const std::string& note : discovery.search_path.notes) fmt::print("  note: {}\n", note);
  fmt::print("\nPlugins found:\n");
  if (discovery.candidates.empty()) fmt::print("  none\n");
  for (const strata::Candidate& c : discovery.candidates) {
    fmt::print("  {}\n    {}\n", c.file.string(), c.describe());
  }
}

// Prints the chosen backend, or rethrows the selection's error after the listing so the user
// sees both what exists and why the request failed.
void print_selection(const strata::Config& config) {
  const strata::BackendRequest request = strata::make_backend_request(config);
  strata::Selection selection = strata::select_backend(request);
  const strata::PluginInfo& info = selection.backend.info();
  fmt::print("Backend: {} {} (requested \"{}\" by {})\n", info.name, info.version, request.backend,
             request.source);
  fmt::print("  file: {}\n", selection.backend.plugin().file().string());
  fmt::print("  {}\n", info.description);
  if (!info.probe_note.empty()) fmt::print("  probe: score {}, {}\n", info.score, info.probe_note);
  if (const int32_t threads = selection.backend.num_threads(); threads > 0) {
    fmt::print("  threads: {}\n", threads);
  }
}

}  // namespace

int run_info(CommandLine& args) {
  if (args.flag("--help", "-h")) {
    fmt::print(
        "usage: strata info\n\nPrints the backend that would be used and where that choice came "
        "from, the config file and its effective values, the plugin search path, and every "
        "plugin file found with its name, version, ABI version and score, or why it was "
        "rejected. Exits non-zero when the requested backend cannot be used.\n");
    return 0;
  }
  args.words(0);
  fmt::print("Strata {} (backend ABI {}.{})\n\n", strata::version(), STRATA_ABI_MAJOR,
             STRATA_ABI_MINOR);
  const strata::Config config = strata::load_config();
  print_config(config);
  print_plugins(strata::discover_plugins(strata::default_search_path()));
  fmt::print("\n");
  print_selection(config);
  return 0;
}

}  // namespace strata_cli
