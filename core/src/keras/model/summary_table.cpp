// A rich-compatible table renderer: the column width arithmetic of rich.table.Table
// (_calculate_column_widths with fixed widths, then ratio_reduce) and rich's word wrapping.
#include "summary_table.hpp"

#include "display_width.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace strata::detail {
namespace {

constexpr int kPadding = 2;  // one space each side of a cell

// rich's HEAVY_HEAD box: corners and crossings of the top rule, the rule under the header,
// the rules between rows and the bottom rule.
struct Rule {
  const char* left;
  const char* fill;
  const char* cross;
  const char* right;
};
constexpr Rule kTop{"┏", "━", "┳", "┓"};
constexpr Rule kHeadRule{"┡", "━", "╇", "┩"};
constexpr Rule kRowRule{"├", "─", "┼", "┤"};
constexpr Rule kBottom{"└", "─", "┴", "┘"};

std::string rule(const Rule& r, const std::vector<int>& cells) {
  std::string line = r.left;
  for (size_t k = 0; k < cells.size(); ++k) {
    if (k > 0) line += r.cross;
    for (int i = 0; i < cells[k]; ++i) line += r.fill;
  }
  return line + r.right + "\n";
}

// Python's round(): halves go to the even neighbour (nearbyint in the default rounding mode).
long round_half_even(double value) {
  return static_cast<long>(std::nearbyint(value));
}

// rich's ratio_reduce with equal ratios: takes `excess` off the widths, spread evenly.
std::vector<int> reduce_evenly(std::vector<int> widths, int excess) {
  int remaining = excess;
  int ratio_left = static_cast<int>(widths.size());
  for (int& width : widths) {
    const long share = round_half_even(static_cast<double>(remaining) / ratio_left);
    const int taken = static_cast<int>(std::min<long>(width, share));
    width -= taken;
    remaining -= taken;
    --ratio_left;
  }
  return widths;
}

std::vector<int> cell_widths(const std::vector<TableColumn>& columns, int line_length) {
  std::vector<int> cells;
  for (const TableColumn& column : columns) cells.push_back(column.width + kPadding);
  const int borders = static_cast<int>(columns.size()) + 1;
  const int available = line_length - borders;
  const int total = std::accumulate(cells.begin(), cells.end(), 0);
  return total > available ? reduce_evenly(std::move(cells), total - available) : cells;
}

std::string rstrip(std::string text) {
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

// Cuts a line to `width`, ending an over-long one with an ellipsis, and justifies it.
std::string fit_line(std::string line, int width, bool right_aligned) {
  const auto w = static_cast<size_t>(width);
  if (line.size() > w) line = rstrip(line);  // whitespace beyond the width goes first
  if (line.size() > w) line = line.substr(0, w - 1) + "…";
  if (right_aligned) line = rstrip(line);
  const std::string padding(w - std::min(w, display_width(line)), ' ');
  return right_aligned ? padding + line : line + padding;
}

// rich's divide_line without folding: words are runs of non-spaces with the spaces after them;
// a word that does not fit starts a new line, and one longer than the line stays whole (it is
// cut with an ellipsis afterwards).
std::vector<std::string> wrap_cell(const std::string& text, int width) {
  std::vector<std::string> lines;
  std::string line;
  int position = 0;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find_first_not_of(' ', start);
    end = end == std::string::npos ? text.size() : text.find(' ', end);
    end = end == std::string::npos ? text.size() : text.find_first_not_of(' ', end);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(start, end - start);
    const int length = static_cast<int>(rstrip(word).size());
    if (position + length > width && position > 0 && start > 0) {
      lines.push_back(line);
      line.clear();
      position = 0;
    }
    line += word;
    position += static_cast<int>(word.size());
    start = end;
  }
  lines.push_back(line);
  return lines;
}

std::string row_lines(const std::vector<std::string>& cells, const std::vector<int>& widths,
                      const std::vector<TableColumn>& columns, const char* edge) {
  std::vector<std::vector<std::string>> wrapped;
  size_t height = 1;
  for (size_t k = 0; k < cells.size(); ++k) {
    wrapped.push_back(wrap_cell(cells[k], widths[k] - kPadding));
    height = std::max(height, wrapped.back().size());
  }
  std::string out;
  for (size_t line = 0; line < height; ++line) {
    out += edge;
    for (size_t k = 0; k < cells.size(); ++k) {
      const std::string text = line < wrapped[k].size() ? wrapped[k][line] : std::string();
      out += " " + fit_line(text, widths[k] - kPadding, columns[k].right_aligned) + " " + edge;
    }
    out += "\n";
  }
  return out;
}

}  // namespace

std::vector<int> column_widths(const std::vector<double>& positions, int line_length) {
  std::vector<int> widths;
  int current = 0;
  for (double position : positions) {
    const int width = static_cast<int>(position * line_length) - current;
    widths.push_back(width);
    current += width;
  }
  return widths;
}

std::string render_table(const std::vector<TableColumn>& columns,
                         const std::vector<std::vector<std::string>>& rows, int line_length) {
  const std::vector<int> widths = cell_widths(columns, line_length);
  std::vector<std::string> headers;
  for (const TableColumn& column : columns) headers.push_back(column.header);
  std::string out =
      rule(kTop, widths) + row_lines(headers, widths, columns, "┃") + rule(kHeadRule, widths);
  for (size_t r = 0; r < rows.size(); ++r) {
    if (r > 0) out += rule(kRowRule, widths);
    out += row_lines(rows[r], widths, columns, "│");
  }
  return out + rule(kBottom, widths);
}

}  // namespace strata::detail
