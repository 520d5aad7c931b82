// gzip decompression (zlib) of a whole file in memory.
#pragma once

#include <cstddef>
#include <filesystem>
#include <span>
#include <vector>

namespace strata::data_detail {

// True when `bytes` start with gzip's magic (1f 8b).
bool is_gzip(std::span<const std::byte> bytes) noexcept;

// The decompressed contents of gzip data read from `file` (concatenated members are read as one
// stream, as gunzip does). Throws IOError naming the file and the compressed byte where the
// data is corrupt or ends early, or where unexpected bytes follow it.
std::vector<std::byte> gunzip(const std::filesystem::path& file,
                              std::span<const std::byte> compressed);

}  // namespace strata::data_detail
