// Support, perf and grad modes on the reference backend and the broken plugin, and test mode's
// oracle for random draws.
#include <gtest/gtest.h>
#include <strata/error.hpp>

#include <conformance/op_catalog.hpp>
#include <conformance/reporters.hpp>
#include <conformance/run.hpp>

#include "conformance_test_support.hpp"

namespace conformance_test {
namespace {

using sc::Outcome;

TEST(ConformanceSupportMode, ReferenceSupportsEveryOpAndDtype) {
  const sc::Report report = run_reference({}, sc::Mode::kSupport);
  EXPECT_EQ(report.counts().failed, 0);
  EXPECT_EQ(report.counts().unsupported, 0);
  EXPECT_EQ(ops_run(report).size(), sc::op_catalog().size());
  // One cell per op and main dtype, cast split by its target dtype.
  size_t cells = 0;
  for (const sc::OpInfo& op : sc::op_catalog())
    cells += op.dtypes.size() * (op.name == "cast" ? 7 : 1);
  EXPECT_GE(report.results.size(), cells);
  for (const sc::CaseResult& r : report.results) EXPECT_TRUE(r.tensors.empty());
}

TEST(ConformanceSupportMode, MatrixShowsWhatThePluginRefuses) {
  const sc::Report report = run_broken("no_f16", {"unary.exp", "matmul"}, sc::Mode::kSupport);
  for (const sc::CaseResult& r : report.results) {
    EXPECT_EQ(r.outcome, r.main_dtype == "f16" ? Outcome::kUnsupported : Outcome::kPassed)
        << r.op << " " << r.dtype;
  }
  const std::string text = sc::console_report(report);
  EXPECT_NE(text.find("yes"), std::string::npos);
  EXPECT_NE(text.find("no"), std::string::npos);
}

TEST(ConformancePerfMode, TimesEachOpAndReportsItsRate) {
  sc::Options options =
      options_for(STRATA_TEST_REFERENCE_PLUGIN, {"unary.neg", "matmul"}, sc::Mode::kPerf);
  options.perf_min_seconds = 0;
  options.perf_min_repetitions = 2;
  const sc::Report report = sc::run_conformance(options);
  ASSERT_EQ(report.results.size(), 2u);  // f32 only unless asked
  for (const sc::CaseResult& r : report.results) {
    ASSERT_TRUE(r.perf) << r.op;
    EXPECT_EQ(r.dtype, "f32");
    EXPECT_GE(r.perf->repetitions, 2);
    EXPECT_GT(r.perf->median_seconds, 0);
    EXPECT_GT(r.perf->rate, 0);
  }
  const sc::CaseResult& matmul = report.results[1];
  EXPECT_EQ(matmul.perf->unit, "GFLOP/s");
  EXPECT_NEAR(matmul.perf->rate, 2.0 * 256 * 256 * 256 / matmul.perf->median_seconds / 1e9,
              1e-9 * matmul.perf->rate);
  EXPECT_EQ(report.results[0].perf->unit, "GB/s");
}

TEST(ConformanceGradMode, ReferenceGradientsMatchFiniteDifferencesInF64) {
  const sc::Report report =
      run_reference({"unary_backward.exp", "conv2d_backward_data", "scatter_add"}, sc::Mode::kGrad);
  EXPECT_EQ(report.counts().failed, 0);
  EXPECT_GT(report.counts().passed, 5);
  for (const sc::CaseResult& r : report.results) {
    EXPECT_EQ(r.main_dtype, "f64");
    EXPECT_EQ(r.metric, "grad error");
    EXPECT_LT(r.value, r.bound);
  }
}

TEST(ConformanceGradMode, AskedForF32ItDifferentiatesInF32) {
  sc::Options options = options_for(STRATA_TEST_REFERENCE_PLUGIN,
                                    {"softmax_backward", "pool2d_backward.max"}, sc::Mode::kGrad);
  options.dtypes = {STRATA_F32};
  const sc::Report report = sc::run_conformance(options);
  EXPECT_EQ(report.counts().failed, 0);
  for (const sc::CaseResult& r : report.results) EXPECT_EQ(r.main_dtype, "f32");
}

TEST(ConformanceGradMode, FallsBackToF32WhereF64IsUnsupported) {
  const sc::Report report =
      run_broken("no_f64", {"unary_backward.tanh", "scatter_add"}, sc::Mode::kGrad);
  EXPECT_EQ(report.counts().failed, 0);
  EXPECT_EQ(report.counts().unsupported, 0);
  EXPECT_GT(report.counts().passed, 0);
  for (const sc::CaseResult& r : report.results) EXPECT_EQ(r.main_dtype, "f32");
}

TEST(ConformanceTestMode, SeedChangesTheDataButNotTheVerdict) {
  sc::Options options = options_for(STRATA_TEST_REFERENCE_PLUGIN, {"random", "binary.pow"});
  options.seed = 12345;
  options.large_cases = false;
  const sc::Report report = sc::run_conformance(options);
  EXPECT_EQ(report.counts().failed, 0);
  EXPECT_EQ(report.seed, 12345u);
}

TEST(ConformanceTestMode, UnknownOpIsAnErrorWithSuggestions) {
  try {
    run_reference({"unary.expp"});
    FAIL() << "expected an error";
  } catch (const strata::Error& e) {
    EXPECT_NE(std::string(e.what()).find("unary.exp"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace conformance_test
