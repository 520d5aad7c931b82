// A structural walk over JSON text that Boost.JSON has already accepted (up to some offset).
//
// Boost.JSON says *where* parsing stopped but not what the grammar expected there, and its
// values carry no positions. This scanner recovers both from the raw text: the grammar state
// at a failure (for precise messages) and where each top-level member sits (so a bad value can
// be reported at its line and column). It builds no values; Boost.JSON remains the parser.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace strata::config_detail {

// What the grammar allows next.
enum class Expect {
  kValue,          // after ':' or ',' in an array, or at the start of the text
  kKeyOrClose,     // just after '{'
  kKey,            // after ',' in an object
  kColon,          // after a key
  kValueOrClose,   // just after '['
  kCommaOrClose,   // after a value inside an object or array
  kEndOfDocument,  // after the top-level value
};

struct OpenBracket {
  char bracket;  // '{' or '['
  std::size_t offset;
};

struct TopLevelMember {
  std::string key;  // unescaped
  std::size_t key_offset;
  std::size_t value_offset;
};

constexpr std::size_t kNoOffset = std::string_view::npos;

struct ScanState {
  Expect expect = Expect::kValue;
  std::vector<OpenBracket> open;        // innermost last
  std::size_t open_string = kNoOffset;  // opening quote of a string still open at the stop
  std::size_t bad_token = kNoOffset;    // start of a number or bare word that is not valid JSON
  std::size_t last_token = kNoOffset;   // start of the last complete token
  std::size_t last_token_end = kNoOffset;
  char last_token_kind = '\0';          // its first character ('"' for strings)
  std::vector<TopLevelMember> members;  // in file order, duplicates included
};

// Walks `text` up to `stop` (or its end), which must be a prefix Boost.JSON accepted.
ScanState scan_json(std::string_view text, std::size_t stop = kNoOffset);

// Whether the innermost open bracket is an object's.
bool in_object(const ScanState& state);

// Characters a number or a bare word (true, false, null, or a mistake like `avx`) is made of.
bool is_token_char(char c);

}  // namespace strata::config_detail
