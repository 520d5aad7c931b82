// How many columns a terminal gives a UTF-8 string: one per code point (the box-drawing and
// bar characters Keras prints are single-width).
#pragma once

#include <cstddef>
#include <string_view>

namespace strata::detail {

inline size_t display_width(std::string_view text) noexcept {
  size_t width = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++width;  // not a continuation byte
  }
  return width;
}

}  // namespace strata::detail
