// The cells of a report's table, shared by the console and Markdown forms: a header line, then
// one line per (row, peer); a row without peers still gets its line.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "bench/report.hpp"

namespace strata::bench {

using TableLine = std::array<std::string, 8>;

// Two lines, no newline after the last: backend, machine, and how to read a ratio.
std::string report_title(const Report& report);

// workload, case, threads, strata, peer, peer figure, ratio, notes.
std::vector<TableLine> table_lines(const Report& report);

}  // namespace strata::bench
