#include "plugin_library.hpp"

#include <dlfcn.h>
#include <fmt/format.h>

namespace strata::runtime {
namespace {

// The highest major a plugin is asked about when it does not speak ours: enough to name what
// a newer plugin speaks without probing forever.
constexpr uint32_t kHighestMajorAsked = 8;

// Boost.DLL folds dlerror() into a longer sentence; users need the loader's own words ("invalid
// ELF header", "undefined symbol: ..."). Boost.DLL does not call dlerror() after a failed
// dlopen on this path, so the text is still there (dlerror state is per thread).
std::string dlopen_failure(const boost::dll::fs::error_code& ec) {
  const char* text = ::dlerror();
  return fmt::format("not a shared library: {}", text != nullptr ? text : ec.message());
}

// Names the major a plugin speaks when it returned NULL for ours.
std::string wrong_major(strata_backend_get_api_fn get_api) {
  for (uint32_t major = STRATA_ABI_MAJOR + 1; major <= kHighestMajorAsked; ++major) {
    if (get_api(major) != nullptr) {
      return fmt::format("ABI major {}, expected {}", major, STRATA_ABI_MAJOR);
    }
  }
  return fmt::format(
      "ABI major unknown, expected {}: strata_backend_get_api returned NULL for majors 1 to {}",
      STRATA_ABI_MAJOR, kHighestMajorAsked);
}

}  // namespace

OpenedTable open_plugin_table(const std::filesystem::path& canonical, Registry& registry) {
  boost::dll::shared_library library;
  boost::dll::fs::error_code ec;
  ::dlerror();  // clear a stale message so the one read on failure is this load's
  library.load(canonical, boost::dll::load_mode::rtld_local | boost::dll::load_mode::rtld_now, ec);
  if (ec || !library.is_loaded()) return {nullptr, dlopen_failure(ec), false};
  strata_backend_get_api_fn get_api = nullptr;
  if (library.has(STRATA_BOOTSTRAP_SYMBOL)) {
    get_api = &library.get<const strata_backend_api*(uint32_t)>(STRATA_BOOTSTRAP_SYMBOL);
  }
  registry.keep(std::move(library));
  if (get_api == nullptr) {
    return {nullptr, fmt::format("not a Strata plugin: no {} symbol", STRATA_BOOTSTRAP_SYMBOL),
            true};
  }
  const strata_backend_api* table = get_api(STRATA_ABI_MAJOR);
  if (table == nullptr) return {nullptr, wrong_major(get_api), true};
  return {table, {}, true};
}

}  // namespace strata::runtime
