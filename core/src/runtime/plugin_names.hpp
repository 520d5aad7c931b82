// The file name pattern of plugins: libstrata-backend-NAME.so (as strata_add_backend builds).
#pragma once

#include <string_view>

namespace strata::runtime {

inline constexpr std::string_view kPluginPrefix = "libstrata-backend-";
inline constexpr std::string_view kPluginSuffix = ".so";

}  // namespace strata::runtime
