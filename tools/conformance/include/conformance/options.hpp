// What a conformance run is asked to do: which plugin, which mode, which ops and dtypes.
#pragma once

#include <strata/backend.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strata::conformance {

struct CaseResult;

enum class Mode {
  kTest,     // every case on the plugin and on the reference backend, compared
  kGrad,     // every backward op against finite differences of the plugin's forward op
  kPerf,     // time per op, GFLOP/s or GB/s
  kSupport,  // the op x dtype support matrix from supports() alone
};

// Dtypes by the names the suite uses: "f32", "f64", "f16", "bf16", "i32", "i64", "u8".
std::string_view dtype_name(strata_dtype dtype);
std::optional<strata_dtype> parse_dtype(std::string_view name);

std::string_view mode_name(Mode mode);  // "test", "grad", "perf", "support"
std::optional<Mode> parse_mode(std::string_view name);

struct Options {
  std::string backend;    // a plugin name on the search path, or a plugin file (has a '/')
  std::string reference;  // the oracle, name or file; empty: "reference" on the search path
  Mode mode = Mode::kTest;
  std::vector<std::string> ops;      // op or family names (see op_catalog.hpp); empty: all
  std::vector<strata_dtype> dtypes;  // empty: every dtype (perf mode: f32)
  uint64_t seed = 1;
  // Test mode: run each family's case of >= 1,000,000 elements (the slow part of a run on
  // the reference backend).
  bool large_cases = true;
  // Perf mode repeats each case until both hold, and reports the median.
  double perf_min_seconds = 0.2;
  int perf_min_repetitions = 5;
  // Called as each case finishes (for -v); may be empty.
  std::function<void(const CaseResult&)> on_result;
};

}  // namespace strata::conformance
