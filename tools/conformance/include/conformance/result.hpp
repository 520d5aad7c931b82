// What a conformance run found: one CaseResult per case (per op x dtype in support mode), and
// the counts behind the closing line "N passed, N failed, N unsupported".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "conformance/options.hpp"

namespace strata::conformance {

enum class Outcome { kPassed, kFailed, kUnsupported };

std::string_view outcome_name(Outcome outcome);  // "passed", "failed", "unsupported"

struct PerfFigures {
  double median_seconds = 0;
  int repetitions = 0;
  double rate = 0;   // in `unit`
  std::string unit;  // "GFLOP/s" or "GB/s"
};

struct CaseResult {
  std::string op;          // "unary.exp"
  std::string dtype;       // "f32", "f32->i64", "f32/i32"
  std::string main_dtype;  // the op's main dtype, "f32": the column of tables and matrices
  std::string label;       // the case: "transposed input"
  std::string tensors;     // every tensor with shape, strides and offset
  std::string params;      // the op's params, "" when none
  Outcome outcome = Outcome::kPassed;
  std::string check;    // the failed check ("guard", "nmse", "nan", "grad", ...); "" if none
  std::string message;  // what failed, or why the plugin does not support the case
  std::string metric;   // "nmse" or "grad error" when measured, else ""
  double value = 0;     // the metric's value
  double bound = 0;     // the metric's bound
  std::string index;    // the first bad element, "y[2,7]", when one is to blame
  std::optional<double> got;
  std::optional<double> expected;
  std::optional<PerfFigures> perf;
  double seconds = 0;  // wall time spent on the case
};

struct Counts {
  int64_t passed = 0;
  int64_t failed = 0;
  int64_t unsupported = 0;
};

struct BackendDescription {
  std::string name;
  std::string version;
  std::string file;
};

struct Report {
  Mode mode = Mode::kTest;
  uint64_t seed = 0;
  BackendDescription backend;
  std::optional<BackendDescription> reference;  // test mode only
  std::vector<CaseResult> results;
  double seconds = 0;

  Counts counts() const;
  bool passed() const { return counts().failed == 0; }
};

// "12 passed, 0 failed, 3 unsupported"
std::string summary_line(const Counts& counts);

}  // namespace strata::conformance
