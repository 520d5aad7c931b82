// The four modes of a conformance run, and what they share: the selected ops and dtypes, the
// plugin under test, and the results as they come.
#pragma once

#include <strata/backend.hpp>

#include <chrono>
#include <vector>

#include "case.hpp"
#include "case_runner.hpp"
#include "compare.hpp"
#include "conformance/op_catalog.hpp"
#include "conformance/options.hpp"
#include "conformance/result.hpp"

namespace strata::conformance {

class ModeContext {
 public:
  ModeContext(Backend& plugin, const Options& options, std::vector<const OpInfo*> ops,
              std::vector<CaseResult>& results);

  Backend& plugin() const { return plugin_; }
  const Options& options() const { return options_; }
  const std::vector<const OpInfo*>& ops() const { return ops_; }
  // The op's dtypes that --dtype selects (all of them when it selects none).
  std::vector<strata_dtype> dtypes(const OpInfo& op) const;
  // Records a finished case and tells options().on_result.
  void emit(CaseResult result);
  // Emits judge()'s result with the wall time judge() took.
  template <typename Judge>
  void emit_timed(Judge&& judge) {
    const auto start = std::chrono::steady_clock::now();
    CaseResult result = judge();
    result.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    emit(std::move(result));
  }

 private:
  Backend& plugin_;
  const Options& options_;
  std::vector<const OpInfo*> ops_;
  std::vector<CaseResult>& results_;
};

// A result naming `c` (op, dtypes, label, tensors, params), passed until told otherwise.
CaseResult result_for(const Case& c);
void mark_failed(CaseResult& result, const Finding& finding);
void mark_failed(CaseResult& result, std::string check, std::string message);
void mark_unsupported(CaseResult& result, std::string reason);
// Unsupported for STRATA_UNSUPPORTED, else failed ("rejected").
void mark_refused(CaseResult& result, const Refusal& refusal);

void run_test_mode(ModeContext& context, Backend& reference);
void run_grad_mode(ModeContext& context);
void run_perf_mode(ModeContext& context);
void run_support_mode(ModeContext& context);

}  // namespace strata::conformance
