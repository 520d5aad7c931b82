// The JSON and JUnit reports parse back and carry the same counts as the console report, on a
// run that has passes, failures and unsupported cases.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <conformance/reporters.hpp>

#include "conformance_test_support.hpp"
#include "xml_check.hpp"

namespace conformance_test {
namespace {

namespace json = boost::json;

// matmul fails in f32 and f64, every f16 case is unsupported, the rest passes.
const sc::Report& mixed_report() {
  static const sc::Report report =
      run_broken("matmul_error,no_f16", {"matmul", "unary.exp", "reduce.argmax"});
  return report;
}

TEST(ConformanceReports, MixedRunHasEveryOutcome) {
  const sc::Counts counts = mixed_report().counts();
  EXPECT_GT(counts.passed, 0);
  EXPECT_GT(counts.failed, 0);
  EXPECT_GT(counts.unsupported, 0);
  EXPECT_FALSE(mixed_report().passed());
}

TEST(ConformanceReports, ConsoleEndsWithTheSummaryLine) {
  const std::string text = sc::console_report(mixed_report());
  const sc::Counts expected = mixed_report().counts();
  const sc::Counts parsed = console_counts(text);
  EXPECT_EQ(parsed.passed, expected.passed);
  EXPECT_EQ(parsed.failed, expected.failed);
  EXPECT_EQ(parsed.unsupported, expected.unsupported);
  EXPECT_NE(text.find("Failures:"), std::string::npos);
  EXPECT_NE(text.find("FAIL matmul f32"), std::string::npos);
  EXPECT_NE(text.find("Unsupported:"), std::string::npos);
  EXPECT_NE(text.find("unary.exp (f16): 13 cases: broken: f16 is switched off"), std::string::npos);
}

TEST(ConformanceReports, JsonParsesBackWithTheConsoleCounts) {
  const json::value doc = json::parse(sc::json_report(mixed_report()));
  const sc::Counts console = console_counts(sc::console_report(mixed_report()));
  const json::object& summary = doc.at("summary").as_object();
  EXPECT_EQ(summary.at("passed").to_number<int64_t>(), console.passed);
  EXPECT_EQ(summary.at("failed").to_number<int64_t>(), console.failed);
  EXPECT_EQ(summary.at("unsupported").to_number<int64_t>(), console.unsupported);
  EXPECT_EQ(doc.at("mode").as_string(), "test");
  EXPECT_EQ(doc.at("backend").at("name").as_string(), "broken");
  EXPECT_EQ(doc.at("reference").at("name").as_string(), "reference");

  sc::Counts counted;
  for (const json::value& v : doc.at("results").as_array()) {
    const json::string& outcome = v.at("outcome").as_string();
    if (outcome == "passed") ++counted.passed;
    if (outcome == "failed") {
      ++counted.failed;
      // A failure names the op, dtype, tensors, check, the NMSE against its bound, and the
      // first bad element with both values.
      EXPECT_EQ(v.at("op").as_string(), "matmul");
      EXPECT_EQ(v.at("check").as_string(), "nmse");
      EXPECT_FALSE(v.at("tensors").as_string().empty());
      EXPECT_GT(v.at("value").to_number<double>(), v.at("bound").to_number<double>());
      EXPECT_FALSE(v.at("index").as_string().empty());
      EXPECT_TRUE(v.as_object().contains("got") && v.as_object().contains("expected"));
    }
    if (outcome == "unsupported") {
      ++counted.unsupported;
      EXPECT_FALSE(v.at("reason").as_string().empty());
    }
  }
  EXPECT_EQ(counted.passed, console.passed);
  EXPECT_EQ(counted.failed, console.failed);
  EXPECT_EQ(counted.unsupported, console.unsupported);
}

TEST(ConformanceReports, JunitIsWellFormedWithTheConsoleCounts) {
  const XmlElement root = parse_xml(sc::junit_report(mixed_report()));
  const sc::Counts console = console_counts(sc::console_report(mixed_report()));
  const int64_t total = console.passed + console.failed + console.unsupported;
  ASSERT_EQ(root.name, "testsuites");
  EXPECT_EQ(std::stoll(root.attributes.at("tests")), total);
  EXPECT_EQ(std::stoll(root.attributes.at("failures")), console.failed);
  EXPECT_EQ(std::stoll(root.attributes.at("skipped")), console.unsupported);
  EXPECT_EQ(static_cast<int64_t>(find_all(root, "testcase").size()), total);
  EXPECT_EQ(static_cast<int64_t>(find_all(root, "failure").size()), console.failed);
  EXPECT_EQ(static_cast<int64_t>(find_all(root, "skipped").size()), console.unsupported);
  // One suite per op, whose own counts add up to the totals.
  const auto suites = find_all(root, "testsuite");
  EXPECT_EQ(suites.size(), 3u);
  int64_t tests = 0, failures = 0, skipped = 0;
  for (const XmlElement* s : suites) {
    tests += std::stoll(s->attributes.at("tests"));
    failures += std::stoll(s->attributes.at("failures"));
    skipped += std::stoll(s->attributes.at("skipped"));
    EXPECT_EQ(static_cast<int64_t>(s->children.size()), std::stoll(s->attributes.at("tests")));
  }
  EXPECT_EQ(tests, total);
  EXPECT_EQ(failures, console.failed);
  EXPECT_EQ(skipped, console.unsupported);
  for (const XmlElement* f : find_all(root, "failure")) {
    EXPECT_EQ(f->attributes.at("type"), "nmse");
    EXPECT_NE(f->text.find("tensors: a f"), std::string::npos) << f->text;
  }
}

TEST(ConformanceReports, JunitEscapesMarkupInMessages) {
  sc::Report report;
  sc::CaseResult r;
  r.op = "copy";
  r.dtype = "f32";
  r.label = "a <tricky> \"label\" & more";
  r.outcome = sc::Outcome::kFailed;
  r.check = "exact";
  r.message = "x[0] = 1 < 2 & 'quoted'";
  report.results.push_back(r);
  const XmlElement root = parse_xml(sc::junit_report(report));
  const auto cases = find_all(root, "testcase");
  ASSERT_EQ(cases.size(), 1u);
  EXPECT_EQ(cases[0]->attributes.at("name"), r.label);
  EXPECT_EQ(find_all(root, "failure")[0]->attributes.at("message"), r.message);
}

TEST(ConformanceReports, JsonWritesNonFiniteNumbersAsStrings) {
  sc::Report report;
  sc::CaseResult r;
  r.op = "unary.exp";
  r.outcome = sc::Outcome::kFailed;
  r.metric = "nmse";
  r.value = INFINITY;
  r.got = NAN;
  report.results.push_back(r);
  const json::value doc = json::parse(sc::json_report(report));
  const json::value& v = doc.at("results").at(0);
  EXPECT_EQ(v.at("value").as_string(), "inf");
  EXPECT_EQ(v.at("got").as_string(), "nan");
}

}  // namespace
}  // namespace conformance_test
