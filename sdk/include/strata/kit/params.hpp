// strata/kit/params.hpp: reading an op's parameter struct whatever ABI minor the host compiled.
//
// Part of the Strata plugin kit: optional, header-only C++20 help for plugin authors, beside the
// ABI itself. The ABI is the C99 header <strata/backend.h>; nothing in the kit is part of it, and
// a plugin written in C (sdk/template) never needs the kit.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>

namespace strata::kit {

// Copies the caller's params into a zeroed P, honouring a smaller or larger struct_size (the
// ABI's rule: fields a caller's older struct lacks read as zero). NULL params read as zeros.
template <typename P>
P read_params(const void* params) {
  P result{};
  if (params == nullptr) return result;
  size_t caller_size = 0;
  std::memcpy(&caller_size, params, sizeof caller_size);
  std::memcpy(&result, params, std::min(caller_size, sizeof(P)));
  result.struct_size = sizeof(P);
  return result;
}

}  // namespace strata::kit
