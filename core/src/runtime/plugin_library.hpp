// Opening a plugin library and asking it for its function table.
#pragma once

#include <strata/backend.h>

#include <filesystem>
#include <string>

#include "plugin_registry.hpp"

namespace strata::runtime {

struct OpenedTable {
  const strata_backend_api* table = nullptr;  // for STRATA_ABI_MAJOR, not yet validated
  std::string rejection;  // when there is no table: "not a shared library: <dlerror>",
                          // "not a Strata plugin: ...", "ABI major 2, expected 1"
  bool loaded = false;    // the library opened, and so stays loaded for good
};

// Opens `canonical` (kept loaded forever in `registry`, whatever it turns out to be) and asks
// its bootstrap symbol for the table of STRATA_ABI_MAJOR. The caller holds registry.mutex().
OpenedTable open_plugin_table(const std::filesystem::path& canonical, Registry& registry);

}  // namespace strata::runtime
