// The three forms of a conformance report, and the per-case line of -v. Each ends with (or, for
// the structured forms, carries) the same counts as summary_line.
#pragma once

#include <string>

#include "conformance/result.hpp"

namespace strata::conformance {

// For people: the op x dtype table (support mode: the support matrix; perf mode: the timings),
// every failure with its tensors, params, check and values, the unsupported cases grouped by
// op and dtype with the plugin's reason, and last the line "N passed, N failed, N unsupported".
std::string console_report(const Report& report);

// One line per case, as -v prints while the run goes.
std::string case_line(const CaseResult& result);

// For programs: every result with every field (Boost.JSON; non-finite numbers as strings).
std::string json_report(const Report& report);

// For CI: JUnit XML, one <testsuite> per op, one <testcase> per case; failures as <failure>,
// unsupported cases as <skipped>.
std::string junit_report(const Report& report);

}  // namespace strata::conformance
