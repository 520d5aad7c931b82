// Characters that look like JSON punctuation but are not: typographic quotes from "smart
// quotes", fullwidth punctuation from an input method, invisible spaces. A parse error at one
// of them is named with its code point so the user can see what the editor hid.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace strata::config_detail {

struct CodePoint {
  std::uint32_t value;  // fmt prints integers, not char32_t
  std::size_t length;   // 0: the bytes are not valid UTF-8
};

// The code point starting at byte i; length 0 when the bytes there are not UTF-8.
CodePoint decode_utf8(std::string_view text, std::size_t i);

// How a character that looks like JSON punctuation got into the file decides the advice.
enum class Accident { kSmartQuote, kInputMethod, kInvisible };

struct Lookalike {
  std::uint32_t code_point;
  std::string_view name;   // the Unicode name, which users can search for
  std::string_view ascii;  // what to type instead; empty: delete it
  std::string_view ascii_name;
  Accident accident;
};

// nullptr for characters that are not a known lookalike.
const Lookalike* find_lookalike(std::uint32_t code_point);

// How to fix it; `glyph` is the character as it appears in the file.
std::string lookalike_hint(const Lookalike& lookalike, std::string_view glyph);

}  // namespace strata::config_detail
