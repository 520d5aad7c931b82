#include "plugin_describe.hpp"

#include <algorithm>

namespace strata::runtime {
namespace {

// Plugins pass strings as pointer + length; a NULL pointer means "nothing to say".
std::string copy_string(const char* text, size_t length) {
  return text != nullptr ? std::string(text, length) : std::string();
}

}  // namespace

PluginInfo describe_plugin(const strata_backend_api& api) {
  strata_plugin_info raw{};
  raw.struct_size = sizeof raw;
  api.get_info(&raw);
  strata_probe_result probe{};
  probe.struct_size = sizeof probe;
  api.probe(&probe);

  PluginInfo info;
  info.name = copy_string(raw.name, raw.name_len);
  info.version = copy_string(raw.version, raw.version_len);
  info.description = copy_string(raw.description, raw.description_len);
  info.abi_major = api.abi_major;
  info.abi_minor = api.abi_minor;
  info.score = std::max<int32_t>(probe.score, 0);  // negative scores mean "cannot run" too
  info.probe_note = copy_string(probe.reason, probe.reason_len);
  return info;
}

std::string probe_rejection(const PluginInfo& info) {
  if (info.name.empty()) return "invalid info: get_info gave no name";
  if (info.score > 0) return {};
  return "probe: " +
         (info.probe_note.empty() ? std::string("score 0, no reason given") : info.probe_note);
}

}  // namespace strata::runtime
