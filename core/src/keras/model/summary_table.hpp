// The box-drawn table Keras 3's model.summary() prints: a rich.table.Table with fixed column
// widths and a total width, rendered as rich renders it (heavy head, a rule between rows,
// words wrapped to the column, an over-long word cut with "…"). Text is taken as ASCII.
#pragma once

#include <string>
#include <vector>

namespace strata::detail {

struct TableColumn {
  std::string header;
  bool right_aligned = false;
  int width = 0;  // the width Keras asks for, padding excluded
};

// The table's lines, each ending in '\n', for a table `line_length` wide at most (rich narrows
// the columns evenly when the asked widths plus padding and borders do not fit).
std::string render_table(const std::vector<TableColumn>& columns,
                         const std::vector<std::vector<std::string>>& rows, int line_length);

// The column widths Keras computes from `positions` (fractions of the line length).
std::vector<int> column_widths(const std::vector<double>& positions, int line_length);

}  // namespace strata::detail
