#include "json_scan.hpp"

#include <algorithm>

#include <boost/json/parse.hpp>

namespace strata::config_detail {
namespace {

bool is_json_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::size_t skip_space(std::string_view text, std::size_t i, std::size_t stop) {
  while (i < stop && is_json_space(text[i])) ++i;
  return i;
}

// Offset just past the closing quote, or kNoOffset when the string is still open at `stop`.
std::size_t string_end(std::string_view text, std::size_t quote, std::size_t stop) {
  for (std::size_t i = quote + 1; i < stop; ++i) {
    if (text[i] == '\\') {
      ++i;
    } else if (text[i] == '"') {
      return i + 1;
    }
  }
  return kNoOffset;
}

std::size_t token_end(std::string_view text, std::size_t i) {
  while (i < text.size() && is_token_char(text[i])) ++i;
  return i;
}

// Boost.JSON decides validity so the scanner never disagrees with the parser on what a number
// or literal is.
bool is_json_scalar(std::string_view token) {
  boost::system::error_code ec;
  boost::json::parse(token, ec);
  return !ec;
}

std::string unescape_key(std::string_view quoted) {
  boost::system::error_code ec;
  const boost::json::value key = boost::json::parse(quoted, ec);
  return ec ? std::string(quoted) : std::string(key.as_string());
}

void finish_token(ScanState& s, std::string_view text, std::size_t start, std::size_t end) {
  s.last_token = start;
  s.last_token_end = end;
  s.last_token_kind = text[start];
}

void begin_value(ScanState& s, std::size_t offset) {
  if (s.open.size() == 1 && in_object(s) && !s.members.empty()) {
    s.members.back().value_offset = offset;
  }
}

void end_value(ScanState& s) {
  s.expect = s.open.empty() ? Expect::kEndOfDocument : Expect::kCommaOrClose;
}

void on_string(ScanState& s, std::string_view text, std::size_t start, std::size_t end) {
  const bool is_key = s.expect == Expect::kKeyOrClose || s.expect == Expect::kKey;
  if (is_key) {
    if (s.open.size() == 1) {
      s.members.push_back({unescape_key(text.substr(start, end - start)), start, kNoOffset});
    }
    s.expect = Expect::kColon;
  } else {
    begin_value(s, start);
    end_value(s);
  }
  finish_token(s, text, start, end);
}

void on_punctuation(ScanState& s, std::string_view text, std::size_t i) {
  const char c = text[i];
  if (c == '{' || c == '[') {
    begin_value(s, i);
    s.open.push_back({c, i});
    s.expect = c == '{' ? Expect::kKeyOrClose : Expect::kValueOrClose;
  } else if (c == '}' || c == ']') {
    if (!s.open.empty()) s.open.pop_back();
    end_value(s);
  } else if (c == ':') {
    s.expect = Expect::kValue;
  } else if (c == ',') {
    s.expect = in_object(s) ? Expect::kKey : Expect::kValue;
  }
  finish_token(s, text, i, i + 1);
}

}  // namespace

bool in_object(const ScanState& s) {
  return !s.open.empty() && s.open.back().bracket == '{';
}

bool is_token_char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' ||
         c == '+' || c == '.';
}

ScanState scan_json(std::string_view text, std::size_t stop) {
  stop = std::min(stop, text.size());
  ScanState s;
  for (std::size_t i = skip_space(text, 0, stop); i < stop; i = skip_space(text, i, stop)) {
    if (text[i] == '"') {
      const std::size_t end = string_end(text, i, stop);
      if (end == kNoOffset) {
        s.open_string = i;
        break;
      }
      on_string(s, text, i, end);
      i = end;
    } else if (is_token_char(text[i])) {
      const std::size_t end = token_end(text, i);
      if (end > stop || !is_json_scalar(text.substr(i, end - i))) {
        s.bad_token = i;
        break;
      }
      begin_value(s, i);
      end_value(s);
      finish_token(s, text, i, end);
      i = end;
    } else {
      on_punctuation(s, text, i);
      ++i;
    }
  }
  return s;
}

}  // namespace strata::config_detail
