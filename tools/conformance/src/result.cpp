#include "conformance/result.hpp"

#include <fmt/format.h>

namespace strata::conformance {

std::string_view outcome_name(Outcome outcome) {
  switch (outcome) {
    case Outcome::kPassed:
      return "passed";
    case Outcome::kFailed:
      return "failed";
    default:
      return "unsupported";
  }
}

std::string_view mode_name(Mode mode) {
  switch (mode) {
    case Mode::kTest:
      return "test";
    case Mode::kGrad:
      return "grad";
    case Mode::kPerf:
      return "perf";
    default:
      return "support";
  }
}

std::optional<Mode> parse_mode(std::string_view name) {
  for (Mode m : {Mode::kTest, Mode::kGrad, Mode::kPerf, Mode::kSupport}) {
    if (mode_name(m) == name) return m;
  }
  return std::nullopt;
}

Counts Report::counts() const {
  Counts counts;
  for (const CaseResult& r : results) {
    switch (r.outcome) {
      case Outcome::kPassed:
        ++counts.passed;
        break;
      case Outcome::kFailed:
        ++counts.failed;
        break;
      default:
        ++counts.unsupported;
        break;
    }
  }
  return counts;
}

std::string summary_line(const Counts& counts) {
  return fmt::format("{} passed, {} failed, {} unsupported", counts.passed, counts.failed,
                     counts.unsupported);
}

}  // namespace strata::conformance
