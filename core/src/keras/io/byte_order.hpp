// Fixed-width integers in the byte orders files use, read only where the caller has checked
// that the bytes are there.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <type_traits>

namespace strata::io_detail {

// Tensor bytes go to and from files as they sit in memory, and the formats (Strata's model
// file, .npy as written here, IDX after conversion) are little-endian.
static_assert(std::endian::native == std::endian::little,
              "Strata's file formats store tensors in the host's byte order, which must be "
              "little-endian");

template <typename T>
T load_little_endian(std::span<const std::byte> bytes, std::size_t offset) {
  static_assert(std::is_integral_v<T>);
  T value;
  std::memcpy(&value, bytes.data() + offset, sizeof value);
  return value;
}

template <typename T>
T load_big_endian(std::span<const std::byte> bytes, std::size_t offset) {
  static_assert(std::is_integral_v<T>);
  using U = std::make_unsigned_t<T>;
  U value = 0;
  for (std::size_t i = 0; i < sizeof(T); ++i) {
    value = static_cast<U>((value << 8) | std::to_integer<U>(bytes[offset + i]));
  }
  return static_cast<T>(value);
}

template <typename T>
void append_little_endian(std::string& out, T value) {
  static_assert(std::is_integral_v<T>);
  char raw[sizeof value];
  std::memcpy(raw, &value, sizeof value);
  out.append(raw, sizeof value);
}

}  // namespace strata::io_detail
