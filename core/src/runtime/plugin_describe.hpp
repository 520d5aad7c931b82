// Asking a validated plugin who it is and whether it can run here.
#pragma once

#include <strata/backend.h>

#include <string>

#include "strata/plugin.hpp"

namespace strata::runtime {

// get_info and probe, copied out of the plugin (its strings are only borrowed).
PluginInfo describe_plugin(const strata_backend_api& api);

// Why a described plugin cannot be used here ("probe: CPU lacks AVX2"), or "" when it can.
std::string probe_rejection(const PluginInfo& info);

}  // namespace strata::runtime
