// Malformed files: exact line and column, what was expected, and the hint for each of the
// usual hand-editing accidents.
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "config_test_support.hpp"
#include "strata/config.hpp"

namespace strata {
namespace {

using testing::parse_error;

// The first line of the message: "FILE:LINE:COL: problem".
std::string headline(const ConfigError& e) {
  const std::string what = e.what();
  return what.substr(0, what.find('\n'));
}

std::string hint(const ConfigError& e) {
  const std::string what = e.what();
  const std::size_t start = what.find("\nhint: ");
  if (start == std::string::npos) return {};
  const std::size_t end = what.find('\n', start + 1);
  return what.substr(start + 7, end == std::string::npos ? end : end - start - 7);
}

void expect_position(const ConfigError& e, std::size_t line, std::size_t column) {
  EXPECT_EQ(e.line(), line) << e.what();
  EXPECT_EQ(e.column(), column) << e.what();
  EXPECT_EQ(headline(e).rfind(fmt::format("/cfg/strata.json:{}:{}: ", line, column), 0), 0u)
      << e.what();
}

TEST(MalformedFile, TypographicQuotesAreNamedWithTheirCodePoint) {
  const ConfigError e = parse_error("{\n  \u201Cbackend\u201D: \u201Creference\u201D\n}");
  expect_position(e, 2, 3);
  EXPECT_EQ(std::string(e.what()),
            "/cfg/strata.json:2:3: expected a key in double quotes or '}', found \u201C (U+201C "
            "LEFT DOUBLE QUOTATION MARK)\n"
            "hint: use a plain ASCII double quote \" instead (editors and word processors with "
            "\"smart quotes\" turned on type typographic ones)\n"
            "  2 |   \u201Cbackend\u201D: \u201Creference\u201D\n"
            "    |   ^");
}

TEST(MalformedFile, TypographicClosingQuoteInsideAString) {
  const ConfigError e = parse_error("{\"backend\": \"reference\u201D\n}");
  expect_position(e, 1, 23);
  EXPECT_EQ(headline(e),
            "/cfg/strata.json:1:23: the string that starts at line 1, column 13 is never closed: "
            "\u201D (U+201D RIGHT DOUBLE QUOTATION MARK) is not a JSON quote");
  EXPECT_EQ(hint(e).rfind("use a plain ASCII double quote \" instead", 0), 0u) << e.what();
}

TEST(MalformedFile, TypographicSingleQuotes) {
  const ConfigError e = parse_error("{\u2018backend\u2019: 1}");
  expect_position(e, 1, 2);
  EXPECT_NE(headline(e).find("U+2018 LEFT SINGLE QUOTATION MARK"), std::string::npos);
}

TEST(MalformedFile, FullwidthComma) {
  const ConfigError e = parse_error("{\"backend\": \"avx\"\uFF0C\"floatx\": \"float32\"}");
  expect_position(e, 1, 18);
  EXPECT_EQ(headline(e),
            "/cfg/strata.json:1:18: expected ',' or '}', found \uFF0C (U+FF0C FULLWIDTH COMMA)");
  EXPECT_EQ(hint(e),
            "use the ASCII comma , instead (an input method in fullwidth mode types \uFF0C; "
            "switch it to half-width while editing JSON)");
}

TEST(MalformedFile, FullwidthColon) {
  const ConfigError e = parse_error("{\"backend\"\uFF1A\"avx\"}");
  expect_position(e, 1, 11);
  EXPECT_NE(headline(e).find("found \uFF1A (U+FF1A FULLWIDTH COLON)"), std::string::npos);
  EXPECT_EQ(hint(e).rfind("use the ASCII colon : instead", 0), 0u) << e.what();
}

TEST(MalformedFile, IdeographicCommaAndFullwidthBraces) {
  expect_position(parse_error("{\"a\": 1\u3001\"b\": 2}"), 1, 8);
  const ConfigError e = parse_error("\uFF5B\"backend\": \"avx\"}");
  expect_position(e, 1, 1);
  EXPECT_EQ(hint(e).rfind("use the ASCII brace { instead", 0), 0u) << e.what();
}

TEST(MalformedFile, NoBreakSpace) {
  const ConfigError e = parse_error("{\"backend\":\u00A0\"avx\"}");
  expect_position(e, 1, 12);
  EXPECT_NE(headline(e).find("U+00A0 NO-BREAK SPACE"), std::string::npos);
}

TEST(MalformedFile, TrailingCommaPointsAtTheComma) {
  const ConfigError e = parse_error("{\n    \"backend\": \"avx\",\n}");
  expect_position(e, 2, 21);
  EXPECT_EQ(headline(e), "/cfg/strata.json:2:21: trailing comma before '}'");
  EXPECT_EQ(hint(e), "delete this comma: JSON allows no comma after the last member of an object");
}

TEST(MalformedFile, TrailingCommaInAnArray) {
  const ConfigError e = parse_error("{\"avx\": {\"cores\": [0, 1,]}}");
  expect_position(e, 1, 24);
  EXPECT_EQ(hint(e), "delete this comma: JSON allows no comma after the last element of an array");
}

// The error points where the comma has to be typed: just after the previous value.
TEST(MalformedFile, MissingCommaPointsAfterThePreviousValue) {
  const ConfigError e = parse_error("{\n    \"backend\": \"avx\"\n    \"floatx\": \"float32\"\n}");
  expect_position(e, 2, 21);
  EXPECT_EQ(headline(e),
            "/cfg/strata.json:2:21: expected ',' or '}' after this value; the next member starts "
            "at line 3, column 5");
  EXPECT_EQ(hint(e), "add a comma here: the members of an object are separated by commas");
}

TEST(MalformedFile, MissingCommaInAnArray) {
  const ConfigError e = parse_error("{\"avx\": {\"cores\": [0 1]}}");
  expect_position(e, 1, 21);
  EXPECT_EQ(hint(e), "add a comma here: the elements of an array are separated by commas");
}

TEST(MalformedFile, MismatchedBracketNamesTheOpenOne) {
  const ConfigError e = parse_error("{\"avx\": {\"cores\": [0, 1}}");
  expect_position(e, 1, 24);
  EXPECT_EQ(headline(e),
            "/cfg/strata.json:1:24: found '}' but the '[' at line 1, column 19 is still open");
  EXPECT_EQ(hint(e), "close the '[' with ']' first, or delete this '}' if it is extra");
}

TEST(MalformedFile, ColumnsCountCharactersNotBytes) {
  const ConfigError e = parse_error("{\"name\": \"\u65E5\u672C\u8A9E\" \"x\": 1}");
  expect_position(e, 1, 15);
}

TEST(MalformedFile, MissingColon) {
  const ConfigError e = parse_error("{\"backend\" \"avx\"}");
  expect_position(e, 1, 12);
  EXPECT_EQ(headline(e),
            "/cfg/strata.json:1:12: expected ':' after the key \"backend\", found '\"'");
}

TEST(MalformedFile, LineComment) {
  const ConfigError e = parse_error("{\n    // the backend\n    \"backend\": \"avx\"\n}");
  expect_position(e, 2, 5);
  EXPECT_EQ(headline(e),
            "/cfg/strata.json:2:5: expected a key in double quotes or '}', found a comment");
  EXPECT_EQ(hint(e).rfind("JSON has no comments: delete the comment", 0), 0u) << e.what();
}

TEST(MalformedFile, BlockComment) {
  const ConfigError e = parse_error("{\"backend\": \"avx\", /* fast */ \"floatx\": \"float32\"}");
  expect_position(e, 1, 20);
  EXPECT_EQ(hint(e).rfind("JSON has no comments", 0), 0u) << e.what();
}

TEST(MalformedFile, HashCommentAndCommentAfterTheObject) {
  expect_position(parse_error("# settings\n{}"), 1, 1);
  const ConfigError e = parse_error("{}\n// done\n");
  expect_position(e, 2, 1);
  EXPECT_EQ(hint(e).rfind("JSON has no comments", 0), 0u) << e.what();
}

TEST(MalformedFile, EmptyFileSaysWhatAMinimalOneIs) {
  for (const char* text : {"", "  \n\n", "\xEF\xBB\xBF"}) {
    const ConfigError e = parse_error(text);
    EXPECT_EQ(e.line(), 0u);
    EXPECT_EQ(e.column(), 0u);
    EXPECT_EQ(std::string(e.what()),
              "/cfg/strata.json: the file is empty\nhint: a minimal config file is {} (every "
              "setting then takes its default); or delete the file and Strata recreates it with "
              "the defaults");
  }
}

TEST(MalformedFile, TruncatedFileNamesTheUnclosedBrace) {
  const ConfigError e = parse_error("{\n    \"backend\": \"avx\",\n    \"floatx\": \"float32\"");
  expect_position(e, 3, 24);
  EXPECT_EQ(headline(e),
            "/cfg/strata.json:3:24: the file ends too early: expected ',' or '}', found the end "
            "of the file");
  EXPECT_EQ(hint(e),
            "never closed: '{' at line 1, column 1; the file may have been cut off: restore its "
            "end, or delete the file and Strata recreates it with the defaults");
}

TEST(MalformedFile, TruncatedInsideASection) {
  const ConfigError e = parse_error("{\"avx\": {\"threads\": 2\n");
  expect_position(e, 2, 1);
  EXPECT_EQ(hint(e).rfind("never closed: '{' at line 1, column 1, '{' at line 1, column 9;", 0), 0u)
      << e.what();
}

TEST(MalformedFile, TruncatedInsideAString) {
  const ConfigError e = parse_error("{\"backend\": \"av");
  expect_position(e, 1, 16);
  EXPECT_EQ(headline(e),
            "/cfg/strata.json:1:16: the file ends inside the string that starts at line 1, "
            "column 13");
}

TEST(MalformedFile, UnquotedValue) {
  const ConfigError e = parse_error("{\"backend\": avx}");
  expect_position(e, 1, 13);
  EXPECT_EQ(headline(e), "/cfg/strata.json:1:13: expected a value, found 'avx'");
  EXPECT_EQ(hint(e),
            "put text in double quotes: \"avx\" (the only words JSON allows without quotes are "
            "true, false and null)");
}

TEST(MalformedFile, UnquotedKey) {
  const ConfigError e = parse_error("{backend: \"avx\"}");
  expect_position(e, 1, 2);
  EXPECT_EQ(hint(e), "put the key in double quotes: \"backend\"");
}

TEST(MalformedFile, SingleQuotes) {
  const ConfigError e = parse_error("{'backend': 'avx'}");
  expect_position(e, 1, 2);
  EXPECT_EQ(hint(e), "JSON strings and keys need double quotes: replace ' with \"");
}

TEST(MalformedFile, NumbersJsonDoesNotAccept) {
  EXPECT_EQ(hint(parse_error("{\"epsilon\": NaN}")),
            "JSON has no NaN or infinity: write a finite number such as 1e-07");
  for (const char* bad : {".5", "+1", "01", "1.", "1e", "-"}) {
    const ConfigError e = parse_error(fmt::format("{{\"epsilon\": {}}}", bad));
    expect_position(e, 1, 13);
    EXPECT_EQ(hint(e).rfind("write numbers the way JSON does", 0), 0u) << e.what();
  }
}

TEST(MalformedFile, TextAfterTheObject) {
  const ConfigError e = parse_error("{}\n{\"backend\": \"avx\"}");
  expect_position(e, 2, 1);
  EXPECT_EQ(hint(e),
            "a config file holds a single object: move these settings inside its braces, or "
            "delete them");
  const ConfigError extra_brace = parse_error("{\"avx\": {}}}");
  expect_position(extra_brace, 1, 12);
  EXPECT_EQ(hint(extra_brace), "delete this '}'");
}

TEST(MalformedFile, BackslashInAWindowsPath) {
  const ConfigError e = parse_error("{\"backend\": \"C:\\plugins\\mine.dll\"}");
  expect_position(e, 1, 16);
  EXPECT_EQ(headline(e), "/cfg/strata.json:1:16: invalid escape sequence \\p in a string");
}

TEST(MalformedFile, LineBreakInsideAString) {
  const ConfigError e = parse_error("{\"backend\": \"avx\n}");
  expect_position(e, 1, 17);
  EXPECT_EQ(hint(e), "a string must end on the line it starts on: close it with a double quote \"");
  // An escaped backslash at the end of the line is not an escape of the line break.
  const ConfigError escaped = parse_error("{\"backend\": \"C:\\\\\n}");
  expect_position(escaped, 1, 18);
  EXPECT_EQ(hint(escaped), hint(e));
}

TEST(MalformedFile, NotUtf8) {
  const ConfigError e = parse_error("{\"backend\": \"caf\xE9\"}");
  expect_position(e, 1, 17);
  EXPECT_EQ(headline(e),
            "/cfg/strata.json:1:17: found byte 0xE9, which is not valid UTF-8 inside a string");
  EXPECT_EQ(hint(e).rfind("save the file as UTF-8", 0), 0u) << e.what();
}

TEST(MalformedFile, MissingValueExplainsWhatAValueIs) {
  const ConfigError e = parse_error("{\"backend\": ,\"floatx\": \"float32\"}");
  expect_position(e, 1, 13);
  EXPECT_EQ(headline(e), "/cfg/strata.json:1:13: expected a value, found ','");
  EXPECT_EQ(hint(e),
            "a value is a string in double quotes, a number, true, false, null, an object {...} "
            "or an array [...]");
}

TEST(MalformedFile, Utf16File) {
  const ConfigError e = parse_error(std::string_view("\xFF\xFE{\0}\0", 6));
  expect_position(e, 1, 1);
  EXPECT_EQ(headline(e), "/cfg/strata.json:1:1: the file is encoded as UTF-16, not UTF-8");
  EXPECT_EQ(hint(e), "save it as UTF-8 (in Notepad: Save As, Encoding: UTF-8)");
  const std::string what = e.what();
  EXPECT_EQ(what.substr(what.find("\n  1 |")), "\n  1 | \xFF\xFE{?}?\n    | ^");
}

TEST(MalformedFile, ExcerptKeepsTabsSoTheCaretLinesUp) {
  const ConfigError e = parse_error("{\n\t\"backend\": 'avx'\n}");
  const std::string what = e.what();
  EXPECT_EQ(what.substr(what.find("\n  2 |")),
            "\n  2 | \t\"backend\": 'avx'\n    | \t           ^");
}

// A minified file is one long line: the excerpt shows the part around the caret only.
TEST(MalformedFile, ExcerptOfALongLineIsCutAroundTheCaret) {
  const std::string text =
      "{\"acme\": {\"list\": [" + std::string(200, '1') + " 2" + std::string(200, '3') + "]}}";
  const ConfigError e = parse_error(text);
  expect_position(e, 1, 220);
  const std::string what = e.what();
  EXPECT_EQ(what.substr(what.find("\n  1 |")), "\n  1 | ..." + std::string(60, '1') + " 2" +
                                                   std::string(58, '3') + "...\n    | " +
                                                   std::string(63, ' ') + "^");
}

}  // namespace
}  // namespace strata
