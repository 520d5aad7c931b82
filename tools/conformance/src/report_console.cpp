// The console report. Tables group results by op (rows, in run order) and main dtype
// (columns, in the header's dtype order).
#include <fmt/format.h>

#include <map>

#include "conformance/reporters.hpp"
#include "dtype.hpp"

namespace strata::conformance {
namespace {

constexpr size_t kFailuresShownPerGroup = 5;

struct Tally {
  int64_t passed = 0, failed = 0, unsupported = 0;
  int64_t total() const { return passed + failed + unsupported; }
  void add(Outcome o) {
    (o == Outcome::kPassed ? passed : o == Outcome::kFailed ? failed : unsupported)++;
  }
};

// Rows in first-seen order, each with a tally per main dtype.
struct Table {
  std::vector<std::string> rows;
  std::map<std::string, std::map<std::string, Tally>> cells;  // op -> dtype -> tally
  std::vector<std::string_view> columns;                      // dtypes present, header order
};

Table tabulate(const std::vector<CaseResult>& results) {
  Table t;
  for (const CaseResult& r : results) {
    if (!t.cells.contains(r.op)) t.rows.push_back(r.op);
    t.cells[r.op][r.main_dtype].add(r.outcome);
  }
  for (strata_dtype d : kAllDtypes) {
    for (const auto& [op, by_dtype] : t.cells) {
      if (by_dtype.contains(std::string(dtype_name(d)))) {
        t.columns.push_back(dtype_name(d));
        break;
      }
    }
  }
  return t;
}

// Test and grad mode: how many cases passed, or what went wrong.
std::string count_cell(const Tally& t) {
  if (t.failed > 0) return fmt::format("FAIL {}/{}", t.failed, t.total());
  if (t.unsupported == t.total()) return "unsup";
  if (t.unsupported > 0) return fmt::format("{} +{}unsup", t.passed, t.unsupported);
  return fmt::format("{}", t.passed);
}

// Support mode: supported, not, partly, or supports() misbehaved.
std::string support_cell(const Tally& t) {
  if (t.failed > 0) return "FAIL";
  if (t.unsupported == 0) return "yes";
  return t.passed == 0 ? "no" : "part";
}

std::string table_text(const Table& t, std::string (*cell)(const Tally&)) {
  const auto row = [&](std::string_view first, const std::vector<std::string>& cells) {
    std::string line = fmt::format("{:<30}", first);
    for (const std::string& c : cells) line += fmt::format("{:<13}", c);
    line.erase(line.find_last_not_of(' ') + 1);
    return line + "\n";
  };
  std::string text = row("op", {t.columns.begin(), t.columns.end()});
  for (const std::string& op : t.rows) {
    const auto& by_dtype = t.cells.at(op);
    std::vector<std::string> cells;
    for (std::string_view c : t.columns) {
      auto it = by_dtype.find(std::string(c));
      cells.push_back(it == by_dtype.end() ? "-" : cell(it->second));
    }
    text += row(op, cells);
  }
  return text;
}

std::string perf_text(const std::vector<CaseResult>& results) {
  std::string text = fmt::format("{:<30}{:<10}{:<40}{:>12}{:>7}{:>16}\n", "op", "dtype", "case",
                                 "median", "reps", "rate");
  for (const CaseResult& r : results) {
    if (!r.perf) continue;
    text +=
        fmt::format("{:<30}{:<10}{:<40}{:>9.3f} ms{:>7}{:>10.3f} {}\n", r.op, r.dtype, r.label,
                    r.perf->median_seconds * 1e3, r.perf->repetitions, r.perf->rate, r.perf->unit);
  }
  return text;
}

std::string failure_text(const CaseResult& r) {
  std::string text = fmt::format("  FAIL {} {} \"{}\" [{}]\n", r.op, r.dtype, r.label, r.check);
  if (!r.tensors.empty()) text += fmt::format("    tensors: {}\n", r.tensors);
  if (!r.params.empty()) text += fmt::format("    params: {}\n", r.params);
  text += fmt::format("    {}\n", r.message);
  return text;
}

// Every failure in full, up to a few per op and dtype (the JSON and JUnit reports have all).
std::string failures_text(const std::vector<CaseResult>& results) {
  std::string text;
  std::map<std::string, size_t> shown;
  for (const CaseResult& r : results) {
    if (r.outcome != Outcome::kFailed) continue;
    const size_t n = ++shown[r.op + " " + r.dtype];
    if (n <= kFailuresShownPerGroup) text += failure_text(r);
    if (n == kFailuresShownPerGroup + 1) {
      text += fmt::format("  ... more failures of {} {} (-v, --output json or junit list all)\n",
                          r.op, r.dtype);
    }
  }
  return text.empty() ? "" : "\nFailures:\n" + text;
}

// One line per op and reason: the dtypes, how many cases, and the first reason the plugin gave
// for each dtype (dtypes of one op that share a reason share a line).
std::string unsupported_text(const std::vector<CaseResult>& results) {
  struct Group {
    std::string op, dtypes, reason;
    int64_t cases = 0;
  };
  std::vector<Group> groups;
  std::string last_key;
  for (const CaseResult& r : results) {
    if (r.outcome != Outcome::kUnsupported) continue;
    const std::string key = r.op + " " + r.dtype;
    if (key != last_key) {
      const bool merge =
          !groups.empty() && groups.back().op == r.op && groups.back().reason == r.message;
      if (!merge) groups.push_back({r.op, "", r.message});
      Group& g = groups.back();
      g.dtypes += (g.dtypes.empty() ? "" : ", ") + r.dtype;
      last_key = key;
    }
    ++groups.back().cases;
  }
  std::string text;
  for (const Group& g : groups) {
    text += fmt::format("  {} ({}): {} case{}: {}\n", g.op, g.dtypes, g.cases,
                        g.cases == 1 ? "" : "s", g.reason);
  }
  return text.empty() ? "" : "\nUnsupported:\n" + text;
}

std::string header_text(const Report& report) {
  std::string text =
      fmt::format("Strata conformance: {} mode, seed {}\n", mode_name(report.mode), report.seed);
  text += fmt::format("  backend: {} {} ({})\n", report.backend.name, report.backend.version,
                      report.backend.file);
  if (report.reference) {
    text += fmt::format("  oracle:  {} {} ({})\n", report.reference->name,
                        report.reference->version, report.reference->file);
  }
  return text + "\n";
}

}  // namespace

std::string console_report(const Report& report) {
  std::string text = header_text(report);
  switch (report.mode) {
    case Mode::kPerf:
      text += perf_text(report.results);
      break;
    case Mode::kSupport:
      text += table_text(tabulate(report.results), support_cell);
      break;
    default:
      text += table_text(tabulate(report.results), count_cell);
      break;
  }
  text += failures_text(report.results);
  text += unsupported_text(report.results);
  text += fmt::format("\nRan in {:.1f} s.\n{}\n", report.seconds, summary_line(report.counts()));
  return text;
}

std::string case_line(const CaseResult& r) {
  constexpr std::string_view kTags[] = {"PASS", "FAIL", "UNSUP"};
  std::string line =
      fmt::format("{:<5} {} {} \"{}\"", kTags[static_cast<int>(r.outcome)], r.op, r.dtype, r.label);
  if (!r.tensors.empty()) line += fmt::format(" | {}", r.tensors);
  if (!r.params.empty()) line += fmt::format(" | {}", r.params);
  if (!r.metric.empty()) {
    line += fmt::format(" | {} {:.3g} (bound {:.0e})", r.metric, r.value, r.bound);
  }
  if (r.perf) {
    line += fmt::format(" | {:.3f} ms, {:.3f} {}", r.perf->median_seconds * 1e3, r.perf->rate,
                        r.perf->unit);
  }
  if (!r.message.empty()) {
    line += fmt::format(" | {}{}", r.check.empty() ? "" : r.check + ": ", r.message);
  }
  return line;
}

}  // namespace strata::conformance
