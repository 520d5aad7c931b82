// Each bug of the broken plugin must fail exactly the ops it breaks and pass all others; with
// no bug the plugin (the reference backend underneath) passes everything.
#include <gtest/gtest.h>
#include <strata/error.hpp>

#include <algorithm>
#include <conformance/op_catalog.hpp>

#include "conformance_test_support.hpp"

namespace conformance_test {
namespace {

using sc::Outcome;

// The failures of `report` are exactly the ops in `broken`, each failing the named check at
// least once and no other check; everything else passed.
void expect_fails_exactly(const sc::Report& report, const std::set<std::string>& broken,
                          const std::set<std::string>& checks) {
  EXPECT_EQ(ops_with(report, Outcome::kFailed), broken);
  EXPECT_EQ(report.counts().unsupported, 0);
  std::set<std::string> seen;
  for (const sc::CaseResult& r : report.results) {
    if (r.outcome != Outcome::kFailed) continue;
    seen.insert(r.check);
    EXPECT_TRUE(checks.contains(r.check)) << r.op << " " << r.dtype << " \"" << r.label
                                          << "\" failed " << r.check << ": " << r.message;
    EXPECT_FALSE(r.message.empty());
  }
  EXPECT_FALSE(seen.empty());
  EXPECT_GT(ops_run(report).size(), broken.size());  // some ops ran that must pass
}

const sc::CaseResult& find(const sc::Report& report, std::string_view op, std::string_view dtype,
                           std::string_view label) {
  auto it = std::find_if(report.results.begin(), report.results.end(), [&](const auto& r) {
    return r.op == op && r.dtype == dtype && r.label == label;
  });
  EXPECT_NE(it, report.results.end()) << op << " " << dtype << " " << label;
  return *it;
}

TEST(ConformanceBrokenPlugin, WithNoBugPassesEverything) {
  const sc::Report report = run_broken("", {}, sc::Mode::kTest, true);
  EXPECT_GT(report.counts().passed, 5000);
  EXPECT_EQ(report.counts().failed, 0);
  EXPECT_EQ(report.counts().unsupported, 0);
  EXPECT_EQ(ops_run(report).size(), sc::op_catalog().size());
}

TEST(ConformanceBrokenPlugin, WithNoBugPassesEveryGradientCheck) {
  const sc::Report report = run_broken("none", {}, sc::Mode::kGrad);
  EXPECT_GT(report.counts().passed, 50);
  EXPECT_EQ(report.counts().failed, 0);
}

TEST(ConformanceBrokenPlugin, WriteAfterTheOutputFailsTheGuardOfUnaryOpsOnly) {
  const sc::Report report =
      run_broken("oob_write", {"unary.exp", "unary.relu", "binary.add", "copy"});
  expect_fails_exactly(report, {"unary.exp", "unary.relu"}, {"guard"});
  const sc::CaseResult& r = find(report, "unary.exp", "f32", "odd sizes");
  EXPECT_EQ(r.outcome, Outcome::kFailed);
  EXPECT_NE(r.message.find("1 element(s) past the view's last element"), std::string::npos)
      << r.message;
  EXPECT_NE(r.message.find("y f32[7,13] strides [13,1]"), std::string::npos) << r.message;
  // A zero-size output has no last element to write after.
  EXPECT_EQ(find(report, "unary.exp", "f32", "zero-size axis").outcome, Outcome::kPassed);
}

TEST(ConformanceBrokenPlugin, IgnoringStridesFailsCopyOfNonContiguousInputsOnly) {
  const sc::Report report =
      run_broken("ignore_strides", {"copy", "cast", "unary.neg", "binary.add"});
  expect_fails_exactly(report, {"copy"}, {"exact", "error"});
  EXPECT_EQ(find(report, "copy", "f32", "odd sizes").outcome, Outcome::kPassed);
  EXPECT_EQ(find(report, "copy", "f32", "transposed input").outcome, Outcome::kFailed);
  EXPECT_EQ(find(report, "copy", "f32", "stepped input").outcome, Outcome::kFailed);
}

TEST(ConformanceBrokenPlugin, WrongBroadcastingFailsBinaryOpsWithPartlyBroadcastInputs) {
  const sc::Report report =
      run_broken("broadcast", {"binary.add", "binary.less", "binary.mul", "unary.neg", "copy"});
  expect_fails_exactly(report, {"binary.add", "binary.less", "binary.mul"}, {"exact", "nmse"});
  for (const sc::CaseResult& r : report.results) {
    if (r.outcome == Outcome::kFailed) {
      EXPECT_NE(r.label.find("broadcast"), std::string::npos) << r.label;
    }
  }
  // Broadcasting as a scalar is what the bug does anyway.
  EXPECT_EQ(find(report, "binary.add", "f32", "b broadcast as a scalar (stride 0)").outcome,
            Outcome::kPassed);
  EXPECT_EQ(find(report, "binary.add", "f32", "b broadcast along rows (stride 0)").outcome,
            Outcome::kFailed);
}

TEST(ConformanceBrokenPlugin, SlightlyWrongMatmulFailsItsNmseBound) {
  const sc::Report report =
      run_broken("matmul_error", {"matmul", "conv2d", "reduce.sum", "unary.exp"});
  expect_fails_exactly(report, {"matmul"}, {"nmse"});
  const sc::CaseResult& r = find(report, "matmul", "f32", "odd sizes");
  ASSERT_EQ(r.outcome, Outcome::kFailed);
  // Every element scaled by 1.0316: NMSE = 0.0316^2, about 1e-3, twice the 5e-4 bound.
  EXPECT_NEAR(r.value, 0.0316 * 0.0316, 1e-5);
  EXPECT_EQ(r.bound, 5e-4);
  EXPECT_FALSE(r.index.empty());
  ASSERT_TRUE(r.got && r.expected);
  EXPECT_NEAR(*r.got, *r.expected * 1.0316, 1e-5 * std::abs(*r.expected) + 1e-6);
  // The bug scales f32 and f64 only: the f16 cases still pass.
  EXPECT_EQ(find(report, "matmul", "f16", "odd sizes").outcome, Outcome::kPassed);
}

TEST(ConformanceBrokenPlugin, NaNForLargeInputsFailsExactlyTheExpBasedUnaryOps) {
  const sc::Report report = run_broken("exp_nan", {"unary", "softmax"});
  expect_fails_exactly(report,
                       {"unary.exp", "unary.sigmoid", "unary.softplus", "unary.elu", "unary.selu",
                        "unary.gelu", "unary.silu"},
                       {"nan"});
  const sc::CaseResult& r = find(report, "unary.sigmoid", "f32", "large magnitudes");
  EXPECT_EQ(r.outcome, Outcome::kFailed);
  EXPECT_NE(r.message.find("NaN where the expected value has none"), std::string::npos)
      << r.message;
  EXPECT_EQ(find(report, "unary.sigmoid", "f32", "odd sizes").outcome, Outcome::kPassed);
}

TEST(ConformanceBrokenPlugin, ArgmaxTiesBrokenTheOtherWayFailArgmaxOnly) {
  const sc::Report report = run_broken("argmax_tie", {"reduce"});
  expect_fails_exactly(report, {"reduce.argmax"}, {"exact"});
  // Along a broadcast axis every element ties: the lowest index, 0, is the answer.
  const sc::CaseResult& r =
      find(report, "reduce.argmax", "f32->i64", "broadcast reduced axis (stride 0)");
  EXPECT_EQ(r.outcome, Outcome::kFailed);
  ASSERT_TRUE(r.got && r.expected);
  EXPECT_EQ(*r.expected, 0);
  EXPECT_EQ(*r.got, 7);
}

TEST(ConformanceBrokenPlugin, ScaledFilterGradientFailsTheGradientCheck) {
  const sc::Report report = run_broken(
      "grad_scale",
      {"conv2d_backward_filter", "conv2d_backward_data", "unary_backward.tanh", "pool2d_backward"},
      sc::Mode::kGrad);
  expect_fails_exactly(report, {"conv2d_backward_filter"}, {"grad"});
  for (const sc::CaseResult& r : report.results) {
    if (r.op != "conv2d_backward_filter") continue;
    EXPECT_EQ(r.dtype, "f64");
    EXPECT_GT(r.value, 1e-3) << r.message;  // a gradient 1% off, against a 1e-6 bound
  }
}

TEST(ConformanceBrokenPlugin, UnsupportedCasesAreCountedAndListedNeverFailed) {
  const sc::Report report = run_broken("no_f16", {"unary.exp", "matmul"});
  EXPECT_EQ(report.counts().failed, 0);
  int64_t f16 = 0;
  for (const sc::CaseResult& r : report.results) {
    EXPECT_EQ(r.outcome == Outcome::kUnsupported, r.main_dtype == "f16") << r.op << " " << r.dtype;
    if (r.main_dtype != "f16") continue;
    ++f16;
    EXPECT_NE(r.message.find("no_f16"), std::string::npos) << r.message;
  }
  EXPECT_EQ(report.counts().unsupported, f16);
  EXPECT_GT(f16, 0);
}

TEST(ConformanceBrokenPlugin, UnknownBugNameIsAnErrorNamingIt) {
  try {
    run_broken("off_by_one", {"copy"});
    FAIL() << "expected an error";
  } catch (const strata::Error& e) {
    EXPECT_NE(std::string(e.what()).find("off_by_one"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("oob_write"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace conformance_test
