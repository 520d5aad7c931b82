// The report's two forms on hand-made figures: ratios, skipped peers, failed rows.
#include <gtest/gtest.h>

#include <bench/report.hpp>
#include <boost/json.hpp>

namespace {

using namespace strata::bench;

Report sample_report() {
  Report report;
  report.backend = "test 1.0";
  report.cpu = "a CPU";
  report.cores = 2;
  Row gemm{.workload = "gemm",
           .name = "M=2 K=2 N=2",
           .threads = 2,
           .unit = "GFLOP/s",
           .higher_is_better = true,
           .ours = 90.0};
  gemm.peers.push_back({.name = "openblas", .value = 100.0, .nmse = 1e-14});
  gemm.peers.push_back({.name = "other", .note = "skipped: not installed"});
  Row failed{.workload = "mlp-epoch",
             .name = "MLP",
             .threads = 1,
             .unit = "s",
             .higher_is_better = false,
             .note = "failed: no data"};
  failed.peers.push_back({.name = "pytorch", .value = 4.0, .loss = 0.5});
  report.rows = {gemm, failed};
  return report;
}

TEST(BenchReport, RatioIsOursOverPeerAndAbsentWithoutBoth) {
  const Report report = sample_report();
  EXPECT_DOUBLE_EQ(*ratio(report.rows[0], report.rows[0].peers[0]), 0.9);
  EXPECT_FALSE(ratio(report.rows[0], report.rows[0].peers[1]));
  EXPECT_FALSE(ratio(report.rows[1], report.rows[1].peers[0]));
  EXPECT_FALSE(report.complete());
}

TEST(BenchReport, ConsoleHasOneLinePerPeerWithRatioAndNotes) {
  const std::string text = console_report(sample_report());
  EXPECT_NE(text.find("90 GFLOP/s  openblas  100 GFLOP/s  0.900  nmse 1.0e-14"), std::string::npos)
      << text;
  EXPECT_NE(text.find("other     -            -      skipped: not installed"), std::string::npos)
      << text;
  EXPECT_NE(text.find("failed: no data; loss strata -, pytorch 0.5"), std::string::npos) << text;
}

TEST(BenchReport, MarkdownIsATableWithOneLinePerPeer) {
  Report report = sample_report();
  report.rows[0].peers[1].note = "a|b";
  const std::string text = markdown_report(report);
  EXPECT_NE(
      text.find("| workload | case | threads | strata | peer | peer figure | ratio | notes |\n"
                "| --- | --- | --- | --- | --- | --- | --- | --- |\n"
                "| gemm | M=2 K=2 N=2 | 2 | 90 GFLOP/s | openblas | 100 GFLOP/s | 0.900 |"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("| other | - | - | a\\|b |\n"), std::string::npos) << text;
  EXPECT_NE(text.find("| mlp-epoch | MLP | 1 | - | pytorch | 4 s | - |"), std::string::npos)
      << text;
}

TEST(BenchReport, JsonHasNullsForMissingFigures) {
  const boost::json::value doc = boost::json::parse(json_report(sample_report()));
  const auto& rows = doc.at("rows").as_array();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_DOUBLE_EQ(rows[0].at("peers").at(0).at("ratio").as_double(), 0.9);
  EXPECT_TRUE(rows[0].at("peers").at(1).at("value").is_null());
  EXPECT_TRUE(rows[0].at("peers").at(1).at("skipped").as_bool());
  EXPECT_TRUE(rows[1].at("strata").at("value").is_null());
  EXPECT_EQ(rows[1].at("strata").at("note").as_string(), "failed: no data");
  EXPECT_EQ(rows[1].at("better").as_string(), "lower");
  EXPECT_DOUBLE_EQ(rows[1].at("peers").at(0).at("loss").as_double(), 0.5);
}

}  // namespace
