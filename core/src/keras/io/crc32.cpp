#include "crc32.hpp"

#include <zlib.h>

#include <algorithm>
#include <limits>

namespace strata::io_detail {

uint32_t crc32(std::span<const std::byte> bytes, uint32_t crc) noexcept {
  // zlib takes a uInt length, so larger ranges go in pieces.
  constexpr std::size_t kMaxChunk = std::numeric_limits<uInt>::max();
  uLong value = crc;
  while (!bytes.empty()) {
    const std::size_t n = std::min(bytes.size(), kMaxChunk);
    value = ::crc32(value, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(n));
    bytes = bytes.subspan(n);
  }
  return static_cast<uint32_t>(value);
}

}  // namespace strata::io_detail
