// The console table: columns padded to their widest cell.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <vector>

#include "report_table.hpp"

namespace strata::bench {

std::string console_report(const Report& report) {
  std::string text = report_title(report) + "\n\n";
  const std::vector<TableLine> table = table_lines(report);
  std::array<size_t, 8> width{};
  for (const TableLine& line : table) {
    for (size_t c = 0; c < line.size(); ++c) width[c] = std::max(width[c], line[c].size());
  }
  for (const TableLine& line : table) {
    std::string out;
    for (size_t c = 0; c + 1 < line.size(); ++c) out += fmt::format("{:<{}}  ", line[c], width[c]);
    out += line.back();
    while (!out.empty() && out.back() == ' ') out.pop_back();
    text += out + "\n";
  }
  return text;
}

}  // namespace strata::bench
