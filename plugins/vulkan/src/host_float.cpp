#include "host_float.hpp"

#include <strata/kit/element.hpp>

#include <cstddef>

namespace strata_vk {

uint64_t fill_bits(strata_dtype dtype, double value) {
  // The element's bytes at the start of a zeroed 64-bit word (little-endian, as every device
  // the backend drives).
  uint64_t bits = 0;
  strata::kit::store_double(dtype, reinterpret_cast<std::byte*>(&bits), value);
  return bits;
}

}  // namespace strata_vk
