#include "modes.hpp"

#include <algorithm>

#include "dtype.hpp"

namespace strata::conformance {

ModeContext::ModeContext(Backend& plugin, const Options& options, std::vector<const OpInfo*> ops,
                         std::vector<CaseResult>& results)
    : plugin_(plugin), options_(options), ops_(std::move(ops)), results_(results) {}

std::vector<strata_dtype> ModeContext::dtypes(const OpInfo& op) const {
  const std::vector<strata_dtype>& wanted = options_.dtypes;
  std::vector<strata_dtype> selected;
  for (strata_dtype d : op.dtypes) {
    if (wanted.empty() || std::find(wanted.begin(), wanted.end(), d) != wanted.end()) {
      selected.push_back(d);
    }
  }
  return selected;
}

void ModeContext::emit(CaseResult result) {
  results_.push_back(std::move(result));
  if (options_.on_result) options_.on_result(results_.back());
}

CaseResult result_for(const Case& c) {
  CaseResult r;
  r.op = c.op->name;
  r.dtype = c.dtype_label;
  r.main_dtype = std::string(dtype_name(c.dtype));
  r.label = c.label;
  r.tensors = c.tensors_text();
  r.params = c.params_text();
  return r;
}

void mark_failed(CaseResult& result, const Finding& finding) {
  mark_failed(result, finding.check, finding.message);
  result.index = finding.index;
  result.got = finding.got;
  result.expected = finding.expected;
}

void mark_failed(CaseResult& result, std::string check, std::string message) {
  result.outcome = Outcome::kFailed;
  result.check = std::move(check);
  result.message = std::move(message);
}

void mark_unsupported(CaseResult& result, std::string reason) {
  result.outcome = Outcome::kUnsupported;
  result.message = std::move(reason);
}

void mark_refused(CaseResult& result, const Refusal& refusal) {
  if (refusal.code == STRATA_UNSUPPORTED) return mark_unsupported(result, refusal.message);
  mark_failed(result, "rejected", rejection_text(refusal));
}

}  // namespace strata::conformance
