// CRC-32 (zlib's, the one gzip and PNG use) of byte ranges of any length.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace strata::io_detail {

// Continues `crc` (0 to start) over `bytes`.
uint32_t crc32(std::span<const std::byte> bytes, uint32_t crc = 0) noexcept;

}  // namespace strata::io_detail
