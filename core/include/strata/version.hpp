// strata/version.hpp: the version of the Strata core the host linked against.
#pragma once

#include <string_view>

namespace strata {

// "MAJOR.MINOR.PATCH" of the core library (not of the plugin ABI: see strata/backend.h).
std::string_view version();

}  // namespace strata
