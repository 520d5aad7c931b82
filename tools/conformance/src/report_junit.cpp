// The JUnit XML report, in the dialect CI systems read (Jenkins, GitLab, GitHub annotations):
// <testsuites> of <testsuite> per op, <testcase classname="strata.conformance.OP.DTYPE">.
#include <fmt/format.h>

#include <map>

#include "conformance/reporters.hpp"

namespace strata::conformance {
namespace {

// Text safe inside XML attributes and elements; control characters XML 1.0 forbids become '?'.
std::string escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        const bool control = static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t';
        out += control ? '?' : c;
    }
  }
  return out;
}

std::string testcase_xml(const CaseResult& r) {
  std::string xml =
      fmt::format(R"(    <testcase classname="strata.conformance.{}.{}" name="{}" time="{:.6f}")",
                  escape(r.op), escape(r.dtype), escape(r.label), r.seconds);
  std::string details = r.tensors.empty() ? "" : fmt::format("tensors: {}\n", r.tensors);
  if (!r.params.empty()) details += fmt::format("params: {}\n", r.params);
  switch (r.outcome) {
    case Outcome::kPassed:
      return xml + "/>\n";
    case Outcome::kUnsupported:
      return xml + fmt::format(">\n      <skipped message=\"unsupported: {}\"/>\n    </testcase>\n",
                               escape(r.message));
    default:
      return xml +
             fmt::format(
                 ">\n      <failure type=\"{}\" message=\"{}\">{}{}</failure>\n    </testcase>\n",
                 escape(r.check), escape(r.message), escape(details), escape(r.message));
  }
}

std::string testsuite_xml(const std::string& op, const std::vector<const CaseResult*>& cases) {
  int64_t failures = 0, skipped = 0;
  double seconds = 0;
  for (const CaseResult* r : cases) {
    failures += r->outcome == Outcome::kFailed;
    skipped += r->outcome == Outcome::kUnsupported;
    seconds += r->seconds;
  }
  std::string xml = fmt::format(
      "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" "
      "time=\"{:.6f}\">\n",
      escape(op), cases.size(), failures, skipped, seconds);
  for (const CaseResult* r : cases) xml += testcase_xml(*r);
  return xml + "  </testsuite>\n";
}

}  // namespace

std::string junit_report(const Report& report) {
  std::vector<std::string> order;
  std::map<std::string, std::vector<const CaseResult*>> by_op;
  for (const CaseResult& r : report.results) {
    if (!by_op.contains(r.op)) order.push_back(r.op);
    by_op[r.op].push_back(&r);
  }
  const Counts total = report.counts();
  std::string xml = fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<testsuites name=\"strata conformance {} ({} mode)\" tests=\"{}\" failures=\"{}\" "
      "errors=\"0\" skipped=\"{}\" time=\"{:.3f}\">\n",
      escape(report.backend.name), mode_name(report.mode), report.results.size(), total.failed,
      total.unsupported, report.seconds);
  for (const std::string& op : order) xml += testsuite_xml(op, by_op[op]);
  return xml + "</testsuites>\n";
}

}  // namespace strata::conformance
