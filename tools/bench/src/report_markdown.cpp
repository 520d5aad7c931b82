// The Markdown table, for docs/benchmarks.md.
#include <fmt/format.h>

#include <vector>

#include "report_table.hpp"

namespace strata::bench {
namespace {

std::string markdown_line(const TableLine& line) {
  std::string out = "|";
  for (const std::string& cell : line) {
    std::string escaped;
    for (const char ch : cell) escaped += ch == '|' ? std::string("\\|") : std::string(1, ch);
    out += fmt::format(" {} |", escaped);
  }
  return out + "\n";
}

}  // namespace

std::string markdown_report(const Report& report) {
  std::string title = report_title(report);
  for (size_t at = title.find('\n'); at != std::string::npos; at = title.find('\n', at + 3)) {
    title.replace(at, 1, "  \n");  // a Markdown line break
  }
  const std::vector<TableLine> table = table_lines(report);
  std::string text = title + "\n\n" + markdown_line(table.front());
  text += "|";
  for (size_t c = 0; c < table.front().size(); ++c) text += " --- |";
  text += "\n";
  for (size_t i = 1; i < table.size(); ++i) text += markdown_line(table[i]);
  return text;
}

}  // namespace strata::bench
