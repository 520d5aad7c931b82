#include "strata/version.hpp"

namespace strata {

std::string_view version() { return STRATA_VERSION; }

}  // namespace strata
