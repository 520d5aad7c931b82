#include "text_position.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace strata::config_detail {
namespace {

bool is_continuation_byte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

std::size_t line_start(std::string_view text, std::size_t offset) {
  const std::size_t newline = text.substr(0, offset).rfind('\n');
  return newline == std::string_view::npos ? 0 : newline + 1;
}

// The part of a long line (minified JSON) around the offset, cut at character boundaries,
// with "..." where text was left out.
struct Window {
  std::size_t start;
  std::size_t end;
  std::string_view before;  // "..." or empty
  std::string_view after;
};

Window window_around(std::string_view text, std::size_t line_begin, std::size_t line_end,
                     std::size_t offset) {
  constexpr std::size_t kReach = 60;
  Window w{line_begin, line_end, "", ""};
  if (offset - line_begin > kReach) {
    w.start = offset - kReach;
    while (w.start < offset && is_continuation_byte(text[w.start])) ++w.start;
    w.before = "...";
  }
  if (line_end > offset + kReach) {
    w.end = offset + kReach;
    while (w.end < line_end && is_continuation_byte(text[w.end])) ++w.end;
    w.after = "...";
  }
  return w;
}

// Control characters (a NUL from a UTF-16 file, a stray escape) would garble the terminal or
// cut what() short, so the excerpt shows them as '?'.
std::string printable(std::string_view line) {
  std::string out(line);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 && c != '\t') c = '?';
  }
  return out;
}

}  // namespace

TextPosition position_at(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  const std::string_view before = text.substr(0, offset);
  const std::string_view line_head = before.substr(line_start(text, offset));
  return {static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n')) + 1,
          static_cast<std::size_t>(std::count_if(line_head.begin(), line_head.end(),
                                                 [](char c) { return !is_continuation_byte(c); })) +
              1};
}

std::string excerpt_at(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  const std::size_t begin = line_start(text, offset);
  std::size_t end = std::min(text.find('\n', begin), text.size());
  if (end > begin && text[end - 1] == '\r') --end;
  const Window w = window_around(text, begin, std::max(end, offset), offset);
  // Tabs are copied into the caret line so the caret lands under the same column as the
  // terminal renders the tab above it.
  std::string pad(w.before.size(), ' ');
  for (const char c : text.substr(w.start, offset - w.start)) {
    if (c == '\t') {
      pad += '\t';
    } else if (!is_continuation_byte(c)) {
      pad += ' ';
    }
  }
  const std::string number = fmt::format("{}", position_at(text, offset).line);
  return fmt::format("  {} | {}{}{}\n  {:{}} | {}^", number, w.before,
                     printable(text.substr(w.start, w.end - w.start)), w.after, "", number.size(),
                     pad);
}

std::string location_prefix(const std::filesystem::path& file, TextPosition position) {
  if (position.line == 0) return file.string();
  if (position.column == 0) return fmt::format("{}:{}", file.string(), position.line);
  return fmt::format("{}:{}:{}", file.string(), position.line, position.column);
}

}  // namespace strata::config_detail
