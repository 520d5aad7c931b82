// --mode test: every case on the plugin and on the oracle (the reference backend, or for the
// random ops the Philox definition computed here), from the same staged buffers, compared.
#include <fmt/format.h>

#include "case_registry.hpp"
#include "case_runner.hpp"
#include "modes.hpp"

namespace strata::conformance {
namespace {

// The expected output images, or a description of why the oracle could not give them (a bug
// in the reference backend or in the suite, reported as a failure of the case).
struct Expectation {
  std::vector<Image> outputs;
  std::string problem;
};

Expectation expect(Backend& reference, const Case& c, const StagedCase& staged) {
  if (c.oracle) return {{stage(c.outputs[0], c.oracle(c))}, ""};
  RunResult run = run_case(reference, c, staged);
  if (run.status != RunStatus::kOk) {
    return {{}, fmt::format("the reference backend could not run the case: {}", run.message)};
  }
  const Comparison own = compare_run(c, staged, run.inputs, run.outputs, run.outputs);
  if (own.failure) return {{}, fmt::format("the reference backend: {}", own.failure->message)};
  return {std::move(run.outputs), ""};
}

void judge(CaseResult& r, const Case& c, Backend& plugin, Backend& reference,
           const StagedCase& staged) {
  RunResult run = run_case(plugin, c, staged);
  if (run.status == RunStatus::kUnsupported) return mark_unsupported(r, std::move(run.message));
  if (run.status == RunStatus::kFailed) return mark_failed(r, run.check, std::move(run.message));
  const Expectation expected = expect(reference, c, staged);
  if (!expected.problem.empty()) return mark_failed(r, "oracle", expected.problem);
  const Comparison comparison = compare_run(c, staged, run.inputs, run.outputs, expected.outputs);
  if (c.tolerance != Tolerance::kExact) {
    r.metric = "nmse";
    r.value = comparison.nmse;
    r.bound = comparison.bound;
  }
  if (comparison.failure) mark_failed(r, *comparison.failure);
}

}  // namespace

void run_test_mode(ModeContext& context, Backend& reference) {
  const uint64_t seed = context.options().seed;
  for (const OpInfo* op : context.ops()) {
    for (strata_dtype dtype : context.dtypes(*op)) {
      for (const Case& c : test_cases(*op, dtype, seed, context.options().large_cases)) {
        context.emit_timed([&] {
          CaseResult r = result_for(c);
          judge(r, c, context.plugin(), reference, stage_case(c, seed));
          return r;
        });
      }
    }
  }
}

}  // namespace strata::conformance
