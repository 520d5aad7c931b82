// The JSON report, built with Boost.JSON. JSON has no NaN or infinity: such numbers are written
// as the strings "nan", "inf" and "-inf".
#include <boost/json.hpp>

#include <cmath>

#include "conformance/reporters.hpp"

namespace strata::conformance {
namespace {

namespace json = boost::json;

json::value number(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  return v;
}

json::object backend_json(const BackendDescription& b) {
  return {{"name", b.name}, {"version", b.version}, {"file", b.file}};
}

json::object result_json(const CaseResult& r) {
  json::object o{{"op", r.op},
                 {"dtype", r.dtype},
                 {"main_dtype", r.main_dtype},
                 {"case", r.label},
                 {"tensors", r.tensors},
                 {"params", r.params},
                 {"outcome", outcome_name(r.outcome)},
                 {"seconds", number(r.seconds)}};
  if (!r.check.empty()) o["check"] = r.check;
  if (!r.message.empty()) o[r.outcome == Outcome::kUnsupported ? "reason" : "message"] = r.message;
  if (!r.metric.empty()) {
    o["metric"] = r.metric;
    o["value"] = number(r.value);
    o["bound"] = number(r.bound);
  }
  if (!r.index.empty()) o["index"] = r.index;
  if (r.got) o["got"] = number(*r.got);
  if (r.expected) o["expected"] = number(*r.expected);
  if (r.perf) {
    o["perf"] = json::object{{"median_seconds", number(r.perf->median_seconds)},
                             {"repetitions", r.perf->repetitions},
                             {"rate", number(r.perf->rate)},
                             {"unit", r.perf->unit}};
  }
  return o;
}

}  // namespace

std::string json_report(const Report& report) {
  const Counts counts = report.counts();
  json::array results;
  for (const CaseResult& r : report.results) results.push_back(result_json(r));
  json::object root{{"tool", "strata conformance"},
                    {"mode", mode_name(report.mode)},
                    {"seed", report.seed},
                    {"backend", backend_json(report.backend)},
                    {"seconds", number(report.seconds)},
                    {"summary", json::object{{"passed", counts.passed},
                                             {"failed", counts.failed},
                                             {"unsupported", counts.unsupported}}},
                    {"results", std::move(results)}};
  if (report.reference) root["reference"] = backend_json(*report.reference);
  return json::serialize(root) + "\n";
}

}  // namespace strata::conformance
