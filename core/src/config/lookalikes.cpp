#include "lookalikes.hpp"

#include <array>

#include <fmt/format.h>

namespace strata::config_detail {
namespace {

constexpr std::array kLookalikes{
    Lookalike{0x201C, "LEFT DOUBLE QUOTATION MARK", "\"", "double quote", Accident::kSmartQuote},
    Lookalike{0x201D, "RIGHT DOUBLE QUOTATION MARK", "\"", "double quote", Accident::kSmartQuote},
    Lookalike{0x2018, "LEFT SINGLE QUOTATION MARK", "\"", "double quote", Accident::kSmartQuote},
    Lookalike{0x2019, "RIGHT SINGLE QUOTATION MARK", "\"", "double quote", Accident::kSmartQuote},
    Lookalike{0x201E, "DOUBLE LOW-9 QUOTATION MARK", "\"", "double quote", Accident::kSmartQuote},
    Lookalike{0x00AB, "LEFT-POINTING DOUBLE ANGLE QUOTATION MARK", "\"", "double quote",
              Accident::kSmartQuote},
    Lookalike{0x00BB, "RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK", "\"", "double quote",
              Accident::kSmartQuote},
    Lookalike{0xFF02, "FULLWIDTH QUOTATION MARK", "\"", "double quote", Accident::kInputMethod},
    Lookalike{0xFF0C, "FULLWIDTH COMMA", ",", "comma", Accident::kInputMethod},
    Lookalike{0x3001, "IDEOGRAPHIC COMMA", ",", "comma", Accident::kInputMethod},
    Lookalike{0xFF1A, "FULLWIDTH COLON", ":", "colon", Accident::kInputMethod},
    Lookalike{0xFF5B, "FULLWIDTH LEFT CURLY BRACKET", "{", "brace", Accident::kInputMethod},
    Lookalike{0xFF5D, "FULLWIDTH RIGHT CURLY BRACKET", "}", "brace", Accident::kInputMethod},
    Lookalike{0xFF3B, "FULLWIDTH LEFT SQUARE BRACKET", "[", "bracket", Accident::kInputMethod},
    Lookalike{0xFF3D, "FULLWIDTH RIGHT SQUARE BRACKET", "]", "bracket", Accident::kInputMethod},
    Lookalike{0x3000, "IDEOGRAPHIC SPACE", " ", "space", Accident::kInputMethod},
    Lookalike{0x00A0, "NO-BREAK SPACE", " ", "space", Accident::kInvisible},
    Lookalike{0x200B, "ZERO WIDTH SPACE", "", "", Accident::kInvisible},
    Lookalike{0xFEFF, "ZERO WIDTH NO-BREAK SPACE", "", "", Accident::kInvisible},
};

}  // namespace

CodePoint decode_utf8(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  const std::size_t length = lead < 0x80           ? 1
                             : (lead >> 5) == 0x06 ? 2
                             : (lead >> 4) == 0x0E ? 3
                             : (lead >> 3) == 0x1E ? 4
                                                   : 0;
  if (length == 0 || i + length > text.size()) return {lead, 0};
  std::uint32_t value = length == 1 ? lead : lead & (0x7F >> length);
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return {lead, 0};
    value = (value << 6) | (byte(i + k) & 0x3F);
  }
  return {value, length};
}

const Lookalike* find_lookalike(std::uint32_t code_point) {
  for (const Lookalike& l : kLookalikes) {
    if (l.code_point == code_point) return &l;
  }
  return nullptr;
}

std::string lookalike_hint(const Lookalike& l, std::string_view glyph) {
  switch (l.accident) {
    case Accident::kSmartQuote:
      return "use a plain ASCII double quote \" instead (editors and word processors with "
             "\"smart quotes\" turned on type typographic ones)";
    case Accident::kInputMethod:
      return fmt::format(
          "use the ASCII {} {} instead (an input method in fullwidth mode types {}; switch it to "
          "half-width while editing JSON)",
          l.ascii_name, l.ascii, glyph);
    case Accident::kInvisible:
      break;
  }
  return l.ascii.empty() ? "delete it (it is invisible in most editors: delete the characters "
                           "on both sides of the caret and type them again)"
                         : "replace it with an ordinary space: it looks like one, but JSON "
                           "accepts only ASCII spaces, tabs and line breaks between tokens";
}

}  // namespace strata::config_detail
