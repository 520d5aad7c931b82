#include "json_diagnostics.hpp"

#include <array>
#include <optional>
#include <string>

#include <fmt/format.h>
#include <boost/json/stream_parser.hpp>

#include "json_scan.hpp"
#include "lookalikes.hpp"
#include "strata/config.hpp"
#include "text_position.hpp"

namespace strata::config_detail {
namespace {

// A parse failure: where Boost.JSON stopped and the grammar state there.
struct Failure {
  std::string_view text;
  std::size_t offset;
  ScanState scan;
  std::string reason;  // Boost.JSON's own words, for the fallback hint
};

struct Diagnosis {
  std::size_t offset;  // where the message points; not always where the parser stopped
  std::string problem;
  std::string hint;
};

std::string_view word_at(std::string_view text, std::size_t i) {
  std::size_t end = i;
  while (end < text.size() && is_token_char(text[end]) && end - i < 40) ++end;
  return text.substr(i, end - i);
}

std::string describe_character(std::string_view text, std::size_t i) {
  const CodePoint cp = decode_utf8(text, i);
  if (cp.length == 0) return fmt::format("byte 0x{:02X}, which is not valid UTF-8", cp.value);
  if (cp.value == '\n' || cp.value == '\r') return "a line break";
  if (cp.value == '\t') return "a tab";
  if (cp.value == '\'') return "a single quote (')";
  if (cp.value < 0x20) return fmt::format("control character U+{:04X}", cp.value);
  if (cp.value < 0x80) {
    return fmt::format("'{}'", is_token_char(text[i]) ? word_at(text, i) : text.substr(i, 1));
  }
  const std::string_view glyph = text.substr(i, cp.length);
  if (const Lookalike* l = find_lookalike(cp.value)) {
    return fmt::format("{} (U+{:04X} {})", glyph, cp.value, l->name);
  }
  return fmt::format("{} (U+{:04X})", glyph, cp.value);
}

std::string describe_found(const Failure& f) {
  return f.offset >= f.text.size() ? "the end of the file" : describe_character(f.text, f.offset);
}

std::string_view describe_expected(const ScanState& s) {
  switch (s.expect) {
    case Expect::kValue:
      return s.open.empty() ? "'{' to start the config object" : "a value";
    case Expect::kKeyOrClose:
      return "a key in double quotes or '}'";
    case Expect::kKey:
      return "a key in double quotes";
    case Expect::kColon:
      return "':'";
    case Expect::kValueOrClose:
      return "a value or ']'";
    case Expect::kCommaOrClose:
      return in_object(s) ? "',' or '}'" : "',' or ']'";
    case Expect::kEndOfDocument:
      break;
  }
  return "the end of the file";
}

std::string expected_found(const Failure& f) {
  return fmt::format("expected {}, found {}", describe_expected(f.scan), describe_found(f));
}

std::string describe_position(std::string_view text, std::size_t offset) {
  const TextPosition p = position_at(text, offset);
  return fmt::format("line {}, column {}", p.line, p.column);
}

char char_at(const Failure& f) {
  return f.offset < f.text.size() ? f.text[f.offset] : '\0';
}

bool is_key_expected(const ScanState& s) {
  return s.expect == Expect::kKeyOrClose || s.expect == Expect::kKey;
}

bool is_value_expected(const ScanState& s) {
  return s.expect == Expect::kValue || s.expect == Expect::kValueOrClose;
}

// A typographic quote inside a string that the parser then ran past is where the user meant
// the string to end, so that is where the message points.
std::optional<std::size_t> lookalike_quote_in(std::string_view text, std::size_t from,
                                              std::size_t to) {
  for (std::size_t i = from; i < to;) {
    const CodePoint cp = decode_utf8(text, i);
    const Lookalike* l = find_lookalike(cp.value);
    if (cp.length > 1 && l != nullptr && l->ascii == "\"") return i;
    i += cp.length == 0 ? 1 : cp.length;
  }
  return std::nullopt;
}

std::optional<Diagnosis> unclosed_string_with_lookalike(const Failure& f) {
  const std::size_t start = f.scan.open_string;
  const std::optional<std::size_t> quote = lookalike_quote_in(f.text, start + 1, f.offset);
  if (!quote) return std::nullopt;
  const CodePoint cp = decode_utf8(f.text, *quote);
  const Lookalike& l = *find_lookalike(cp.value);
  return Diagnosis{
      *quote,
      fmt::format("the string that starts at {} is never closed: {} is not a JSON "
                  "quote",
                  describe_position(f.text, start), describe_character(f.text, *quote)),
      lookalike_hint(l, f.text.substr(*quote, cp.length))};
}

// An odd run of backslashes before the offset means the character there is being escaped.
bool is_escaped(std::string_view text, std::size_t offset) {
  std::size_t backslashes = 0;
  while (backslashes < offset && text[offset - backslashes - 1] == '\\') ++backslashes;
  return backslashes % 2 == 1;
}

// What is wrong inside a string that the parser stopped in before its end.
Diagnosis inside_string(const Failure& f, const std::string& opened) {
  const CodePoint cp = decode_utf8(f.text, f.offset);
  if (cp.length == 0) {
    return {f.offset, fmt::format("found {} inside a string", describe_found(f)),
            "save the file as UTF-8; it looks like it was saved in another encoding, such as "
            "Latin-1 or Windows-1252"};
  }
  if (is_escaped(f.text, f.offset)) {
    return {
        f.offset - 1,
        fmt::format("invalid escape sequence \\{} in a string", f.text.substr(f.offset, cp.length)),
        "a backslash starts an escape sequence in JSON: write \\\\ for one backslash "
        "(\"C:\\\\strata\\\\plugin.dll\") or use forward slashes"};
  }
  if (cp.value < 0x20) {
    return {f.offset,
            fmt::format("expected the closing double quote of the string that starts at {}, "
                        "found {}",
                        opened, describe_found(f)),
            "a string must end on the line it starts on: close it with a double quote \""};
  }
  return {f.offset,
          fmt::format("found {} inside the string that starts at {} ({})", describe_found(f),
                      opened, f.reason),
          "inside a string a backslash must start one of the escapes \\\" \\\\ \\/ \\b \\f "
          "\\n \\r \\t or \\u followed by four hex digits"};
}

std::optional<Diagnosis> detect_unclosed_string(const Failure& f) {
  if (f.scan.open_string == kNoOffset) return std::nullopt;
  if (auto d = unclosed_string_with_lookalike(f)) return d;
  const std::string opened = describe_position(f.text, f.scan.open_string);
  if (f.offset < f.text.size()) return inside_string(f, opened);
  return Diagnosis{f.offset,
                   fmt::format("the file ends inside the string that starts at {}", opened),
                   "close the string with a double quote \"; if the end of the file is missing, "
                   "restore it, or delete the file and Strata recreates it with the defaults"};
}

// Notepad's "Unicode" encoding: every other byte is zero, and the parser fails on the first.
std::optional<Diagnosis> detect_utf16(const Failure& f) {
  if (!(f.text.starts_with("\xFF\xFE") || f.text.starts_with("\xFE\xFF"))) return std::nullopt;
  return Diagnosis{0, "the file is encoded as UTF-16, not UTF-8",
                   "save it as UTF-8 (in Notepad: Save As, Encoding: UTF-8)"};
}

std::optional<Diagnosis> detect_comment(const Failure& f) {
  const std::string_view rest = f.text.substr(std::min(f.offset, f.text.size()));
  if (!(rest.starts_with("//") || rest.starts_with("/*") || rest.starts_with("#"))) {
    return std::nullopt;
  }
  return Diagnosis{f.offset, fmt::format("expected {}, found a comment", describe_expected(f.scan)),
                   "JSON has no comments: delete the comment (strata.json is strict JSON so that "
                   "every JSON reader, Keras's included, accepts it)"};
}

std::optional<Diagnosis> detect_lookalike(const Failure& f) {
  if (f.offset >= f.text.size()) return std::nullopt;
  const CodePoint cp = decode_utf8(f.text, f.offset);
  const Lookalike* l = cp.length > 1 ? find_lookalike(cp.value) : nullptr;
  if (l == nullptr) return std::nullopt;
  return Diagnosis{f.offset, expected_found(f),
                   lookalike_hint(*l, f.text.substr(f.offset, cp.length))};
}

std::optional<Diagnosis> detect_trailing_comma(const Failure& f) {
  const char c = char_at(f);
  if ((c != '}' && c != ']') || f.scan.last_token_kind != ',') return std::nullopt;
  return Diagnosis{f.scan.last_token, fmt::format("trailing comma before '{}'", c),
                   fmt::format("delete this comma: JSON allows no comma after the last {}",
                               c == '}' ? "member of an object" : "element of an array")};
}

std::optional<Diagnosis> detect_mismatched_bracket(const Failure& f) {
  const char c = char_at(f);
  if ((c != '}' && c != ']') || f.scan.open.empty()) return std::nullopt;
  const OpenBracket& open = f.scan.open.back();
  const char closer = open.bracket == '{' ? '}' : ']';
  if (c == closer) return std::nullopt;
  return Diagnosis{f.offset,
                   fmt::format("found '{}' but the '{}' at {} is still open", c, open.bracket,
                               describe_position(f.text, open.offset)),
                   fmt::format("close the '{}' with '{}' first, or delete this '{}' if it is extra",
                               open.bracket, closer, c)};
}

// The message points just after the previous value, where the comma has to be typed; the
// parser's own position (the start of the next member) may be lines further down.
std::optional<Diagnosis> detect_missing_comma(const Failure& f) {
  const char c = char_at(f);
  const bool starts_value = c == '"' || c == '{' || c == '[' || (c != '\0' && is_token_char(c));
  if (f.scan.expect != Expect::kCommaOrClose || !starts_value) return std::nullopt;
  const bool object = in_object(f.scan);
  return Diagnosis{f.scan.last_token_end,
                   fmt::format("expected {} after this value; the next {} starts at {}",
                               describe_expected(f.scan), object ? "member" : "element",
                               describe_position(f.text, f.offset)),
                   fmt::format("add a comma here: the {} of an {} are separated by commas",
                               object ? "members" : "elements", object ? "object" : "array")};
}

std::optional<Diagnosis> detect_missing_colon(const Failure& f) {
  if (f.scan.expect != Expect::kColon) return std::nullopt;
  const std::string_view key =
      f.text.substr(f.scan.last_token, f.scan.last_token_end - f.scan.last_token);
  return Diagnosis{f.offset,
                   fmt::format("expected ':' after the key {}, found {}", key, describe_found(f)),
                   fmt::format("write a colon between each key and its value: {}: value", key)};
}

std::string bare_word_hint(std::string_view word) {
  const char first = word.empty() ? '\0' : word.front();
  if ((first >= '0' && first <= '9') || first == '-' || first == '+' || first == '.') {
    return "write numbers the way JSON does: 2, 0.5, -3 or 1e-07 (no leading '+' or zeros, "
           "digits on both sides of the decimal point)";
  }
  if (word == "NaN" || word == "Infinity" || word == "nan" || word == "inf") {
    return "JSON has no NaN or infinity: write a finite number such as 1e-07";
  }
  return fmt::format(
      "put text in double quotes: \"{}\" (the only words JSON allows without quotes are true, "
      "false and null)",
      word);
}

std::optional<Diagnosis> detect_bad_word(const Failure& f) {
  std::size_t start = f.scan.bad_token;
  if (start == kNoOffset && char_at(f) != '\0' && is_token_char(char_at(f))) start = f.offset;
  if (start == kNoOffset || !(is_key_expected(f.scan) || is_value_expected(f.scan))) {
    return std::nullopt;
  }
  const std::string_view word = word_at(f.text, start);
  if (is_key_expected(f.scan)) {
    return Diagnosis{start, fmt::format("expected {}, found '{}'", describe_expected(f.scan), word),
                     fmt::format("put the key in double quotes: \"{}\"", word)};
  }
  return Diagnosis{start, fmt::format("expected a value, found '{}'", word), bare_word_hint(word)};
}

std::string unclosed_brackets(const Failure& f) {
  std::string list;
  for (const OpenBracket& b : f.scan.open) {
    list += fmt::format("{}'{}' at {}", list.empty() ? "" : ", ", b.bracket,
                        describe_position(f.text, b.offset));
  }
  return list;
}

std::optional<Diagnosis> detect_truncation(const Failure& f) {
  if (f.offset < f.text.size()) return std::nullopt;
  const std::string_view cut_off =
      "the file may have been cut off: restore its end, or delete the file and Strata recreates "
      "it with the defaults";
  return Diagnosis{f.offset, fmt::format("the file ends too early: {}", expected_found(f)),
                   f.scan.open.empty()
                       ? std::string(cut_off)
                       : fmt::format("never closed: {}; {}", unclosed_brackets(f), cut_off)};
}

std::optional<Diagnosis> detect_extra_text(const Failure& f) {
  if (f.scan.expect != Expect::kEndOfDocument) return std::nullopt;
  const char c = char_at(f);
  if (c == '}' || c == ']') {
    return Diagnosis{f.offset, fmt::format("{}: there is one '{}' too many", expected_found(f), c),
                     fmt::format("delete this '{}'", c)};
  }
  return Diagnosis{f.offset,
                   fmt::format("{} after the closing '}}' of the config object", expected_found(f)),
                   "a config file holds a single object: move these settings inside its braces, "
                   "or delete them"};
}

std::optional<Diagnosis> detect_single_quote(const Failure& f) {
  if (char_at(f) != '\'') return std::nullopt;
  return Diagnosis{f.offset, expected_found(f),
                   "JSON strings and keys need double quotes: replace ' with \""};
}

using Detector = std::optional<Diagnosis> (*)(const Failure&);

// Most specific first: a fullwidth comma is reported as such, not as a missing comma.
constexpr std::array<Detector, 12> kDetectors{
    detect_utf16,          detect_unclosed_string,    detect_comment,       detect_lookalike,
    detect_trailing_comma, detect_mismatched_bracket, detect_missing_comma, detect_missing_colon,
    detect_bad_word,       detect_truncation,         detect_extra_text,    detect_single_quote,
};

// No known accident: explain the grammar at this point instead.
std::string grammar_hint(const Failure& f) {
  if (is_value_expected(f.scan)) {
    return "a value is a string in double quotes, a number, true, false, null, an object {...} "
           "or an array [...]";
  }
  if (is_key_expected(f.scan)) {
    return "each member of an object is a key in double quotes, a colon and a value: "
           "\"key\": value";
  }
  return fmt::format("fix the JSON syntax here (the parser reports: {})", f.reason);
}

Diagnosis diagnose(const Failure& f) {
  for (const Detector detect : kDetectors) {
    if (auto d = detect(f)) return *d;
  }
  return {f.offset, expected_found(f), grammar_hint(f)};
}

[[noreturn]] void throw_syntax_error(std::string_view text, std::size_t offset, std::string reason,
                                     const std::filesystem::path& file) {
  const Failure failure{text, offset, scan_json(text, offset), std::move(reason)};
  const Diagnosis d = diagnose(failure);
  const TextPosition p = position_at(text, d.offset);
  throw ConfigError(file, p.line, p.column,
                    fmt::format("{}\nhint: {}\n{}", d.problem, d.hint, excerpt_at(text, d.offset)));
}

[[noreturn]] void throw_empty_file(const std::filesystem::path& file) {
  throw ConfigError(file, 0, 0,
                    "the file is empty\nhint: a minimal config file is {} (every setting then "
                    "takes its default); or delete the file and Strata recreates it with the "
                    "defaults");
}

}  // namespace

boost::json::value parse_json(std::string_view text, const std::filesystem::path& file) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) throw_empty_file(file);
  boost::json::stream_parser parser;
  boost::system::error_code ec;
  // write_some stops where it fails (or, on success, where the document ends), which is the
  // offset the whole diagnosis starts from.
  const std::size_t consumed = parser.write_some(text.data(), text.size(), ec);
  if (ec) throw_syntax_error(text, consumed, ec.message(), file);
  if (consumed < text.size()) throw_syntax_error(text, consumed, "extra text", file);
  parser.finish(ec);
  if (ec) throw_syntax_error(text, text.size(), ec.message(), file);
  return parser.release();
}

}  // namespace strata::config_detail
