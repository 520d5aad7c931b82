#include "plugin_registry.hpp"

namespace strata::runtime {

Registry& Registry::instance() {
  static Registry* const registry = new Registry;  // never deleted: see the header
  return *registry;
}

const Candidate* Registry::find(const std::filesystem::path& canonical) const {
  auto it = fates_.find(canonical);
  return it == fates_.end() ? nullptr : &it->second;
}

const Candidate& Registry::remember(const std::filesystem::path& canonical, Candidate fate) {
  return fates_.insert_or_assign(canonical, std::move(fate)).first->second;
}

void Registry::keep(boost::dll::shared_library library) {
  libraries_.push_back(std::move(library));
}

const Plugin& Registry::adopt(std::unique_ptr<Plugin> plugin) {
  plugins_.push_back(std::move(plugin));
  return *plugins_.back();
}

}  // namespace strata::runtime
