// `strata bench` as a user runs it, on tiny workloads (--quick): the JSON parses and carries
// every figure; each ratio is Strata's figure over the peer's, in the JSON and in the table as
// printed; missing peers are skipped with a note; bad arguments are usage errors.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli_run.hpp"

namespace {

using strata_bench_test::quoted;
using strata_bench_test::run_strata;

// Quick, one thread, PyTorch pointed at an interpreter that does not exist.
const std::string kQuick =
    "bench --backend reference --quick --min-time 0.01 --threads 1 --python /nonexistent/python3";

bool have_fashion_mnist() {
  return std::filesystem::exists("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz");
}

boost::json::object parse_report(const std::string& text) {
  boost::system::error_code ec;
  boost::json::value doc = boost::json::parse(text, ec);
  EXPECT_FALSE(ec) << ec.message() << "\n" << text;
  EXPECT_TRUE(doc.is_object());
  return doc.is_object() ? doc.as_object() : boost::json::object{};
}

const boost::json::array& rows(const boost::json::object& doc) {
  return doc.at("rows").as_array();
}

// Every ratio in the document is strata / peer, and null exactly when one of them is.
void expect_ratios_consistent(const boost::json::object& doc) {
  for (const auto& row : rows(doc)) {
    const auto& strata = row.at("strata").at("value");
    for (const auto& peer : row.at("peers").as_array()) {
      const auto& value = peer.at("value");
      const auto& ratio = peer.at("ratio");
      if (strata.is_null() || value.is_null()) {
        EXPECT_TRUE(ratio.is_null()) << row;
        continue;
      }
      ASSERT_TRUE(ratio.is_double()) << row;
      EXPECT_NEAR(ratio.as_double(), strata.as_double() / value.as_double(),
                  1e-12 * ratio.as_double())
          << row;
    }
  }
}

const boost::json::object* find_peer(const boost::json::value& row, const std::string& name) {
  for (const auto& peer : row.at("peers").as_array()) {
    if (peer.at("name").as_string() == name) return &peer.as_object();
  }
  return nullptr;
}

TEST(BenchCli, JsonCarriesEveryRowWithRatiosOfTheFigures) {
  const auto result = run_strata(kQuick + " --workload gemm,small-op --output json");
  ASSERT_EQ(result.status, 0) << result.err;
  const boost::json::object doc = parse_report(result.out);
  EXPECT_EQ(doc.at("tool").as_string(), "strata bench");
  EXPECT_TRUE(doc.at("backend").at("name").as_string().starts_with("reference"));
  EXPECT_GE(doc.at("machine").at("cores").as_int64(), 1);
  // --quick GEMM: two squares and one MLP-shaped product; then the small op.
  std::multiset<std::string> workloads;
  for (const auto& row : rows(doc)) workloads.insert(std::string(row.at("workload").as_string()));
  EXPECT_EQ(workloads.count("gemm"), 3u);
  EXPECT_EQ(workloads.count("small-op"), 1u);
  for (const auto& row : rows(doc)) {
    EXPECT_EQ(row.at("threads").as_int64(), 1);
    ASSERT_TRUE(row.at("strata").at("value").is_double()) << row;
    EXPECT_GT(row.at("strata").at("value").as_double(), 0) << row;
  }
  expect_ratios_consistent(doc);
}

// Every GEMM row has a BLIS figure that agrees with Strata's product when libblis.so.4 is
// installed, and otherwise a note saying what to install.
TEST(BenchCli, GemmRowsCarryBlisOrSayHowToGetIt) {
  const auto result = run_strata(kQuick + " --workload gemm --output json");
  ASSERT_EQ(result.status, 0) << result.err;
  const boost::json::object doc = parse_report(result.out);
  ASSERT_FALSE(rows(doc).empty());
  for (const auto& row : rows(doc)) {
    const auto* blis = find_peer(row, "blis");
    ASSERT_NE(blis, nullptr) << row;
    if (blis->at("value").is_null()) {
      const std::string note(blis->at("note").as_string());
      EXPECT_NE(note.find("libblis4-pthread"), std::string::npos) << note;
      continue;
    }
    EXPECT_GT(blis->at("value").as_double(), 0) << row;
    EXPECT_LT(blis->at("nmse").as_double(), 1e-10) << row;
    EXPECT_NE(std::string(blis->at("note").as_string()).find("BLIS "), std::string::npos) << row;
  }
}

TEST(BenchCli, SmallOpComparesTheStackWithTheDirectCallAndSkipsAMissingPython) {
  const auto result = run_strata(kQuick + " --workload small-op --output json");
  ASSERT_EQ(result.status, 0) << result.err;
  const boost::json::object doc = parse_report(result.out);
  ASSERT_EQ(rows(doc).size(), 1u);
  const auto& row = rows(doc)[0];
  EXPECT_EQ(row.at("unit").as_string(), "us");
  EXPECT_EQ(row.at("better").as_string(), "lower");
  const auto* direct = find_peer(row, "direct ABI call");
  ASSERT_NE(direct, nullptr) << row;
  ASSERT_TRUE(direct->at("value").is_double());
  EXPECT_GT(direct->at("value").as_double(), 0) << row;
  EXPECT_TRUE(direct->at("ratio").is_double()) << row;
  const auto* torch = find_peer(row, "pytorch");
  ASSERT_NE(torch, nullptr) << row;
  EXPECT_TRUE(torch->at("skipped").as_bool());
  EXPECT_TRUE(torch->at("value").is_null());
  const std::string note(torch->at("note").as_string());
  EXPECT_NE(note.find("skipped"), std::string::npos) << note;
  EXPECT_NE(note.find("/nonexistent/python3"), std::string::npos) << note;
  EXPECT_NE(note.find("python3-torch"), std::string::npos) << note;
}

// Numbers of a table cell such as "12.34 GFLOP/s"; NaN for "-".
double cell_number(const std::string& cell) {
  return cell == "-" ? std::nan("") : std::stod(cell);
}

TEST(BenchCli, TableRatiosEqualThePrintedFiguresDivided) {
  const auto result = run_strata(kQuick + " --workload gemm,conv2d,small-op");
  ASSERT_EQ(result.status, 0) << result.err;
  std::istringstream table(result.out);
  std::string line;
  // Columns are separated by two or more spaces; figures carry their unit.
  const std::regex columns(
      R"(^(\S+)  +(.+?)  +(\d+)  +(\S+(?: \S+)?)  +(.+?)  +(\S+(?: \S+)?)  +(\S+)(?:  +(.*))?$)");
  int checked = 0, lines = 0;
  while (std::getline(table, line)) {
    std::smatch m;
    if (!std::regex_match(line, m, columns) || m[1] == "workload") continue;
    ++lines;
    const double ours = cell_number(m[4]), peer = cell_number(m[6]);
    if (m[7] == "-") {
      EXPECT_TRUE(std::isnan(ours) || std::isnan(peer)) << line;
      continue;
    }
    const double ratio = std::stod(m[7]);
    // Figures have 4 significant digits, ratios 3 decimals.
    EXPECT_NEAR(ratio, ours / peer, 0.0005 + 1.1e-3 * ratio) << line;
    ++checked;
  }
  // gemm x3 (openblas and blis each), conv2d, small-op (direct call and pytorch).
  EXPECT_EQ(lines, 9) << result.out;
  EXPECT_GE(checked, 1) << result.out;  // the direct call is always there
  EXPECT_NE(result.out.find("skipped: no Python interpreter at /nonexistent/python3"),
            std::string::npos)
      << result.out;
}

TEST(BenchCli, OutputFileHoldsTheJsonAndStdoutTheTable) {
  const std::filesystem::path file = std::filesystem::path(STRATA_TEST_HOME) / "report.json";
  std::filesystem::remove(file);
  const auto result = run_strata(kQuick + " --workload small-op --output json --output-file " +
                                 quoted(file.string()));
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_NE(result.out.find("small-op"), std::string::npos) << result.out;
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  const boost::json::object doc = parse_report(text.str());
  EXPECT_EQ(rows(doc).size(), 1u);
  for (const auto& entry : std::filesystem::directory_iterator(file.parent_path())) {
    EXPECT_FALSE(entry.path().filename().string().starts_with(".report.json.tmp-"))
        << "temporary left behind: " << entry.path();
  }
}

TEST(BenchCli, UnknownWorkloadIsAUsageErrorListingTheWorkloads) {
  const auto result = run_strata("bench --workload gemm,frobnicate");
  EXPECT_EQ(result.status, 2);
  EXPECT_NE(result.err.find("unknown workload 'frobnicate'"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("gemm, conv2d, mlp-epoch, cnn-epoch, small-op"), std::string::npos)
      << result.err;
  EXPECT_TRUE(result.out.empty()) << result.out;
}

// --gemm-squares replaces the square sizes (the MLP's two shapes follow) and --gemm-dtype f16
// gives Strata f16 operands, marked in the case name.
TEST(BenchCli, GemmSquaresAndDtypeChooseTheCases) {
  const auto result = run_strata(
      "bench --backend reference --min-time 0.01 --threads 1 --workload gemm --gemm-squares "
      "16,24 --gemm-dtype f16 --output json");
  ASSERT_EQ(result.status, 0) << result.err;
  const boost::json::object doc = parse_report(result.out);
  std::vector<std::string> cases;
  for (const auto& row : rows(doc)) {
    cases.emplace_back(row.at("case").as_string());
    ASSERT_TRUE(row.at("strata").at("value").is_double()) << row;
  }
  const std::vector<std::string> expected = {"M=16 K=16 N=16 f16", "M=24 K=24 N=24 f16",
                                             "M=128 K=784 N=512 f16", "M=128 K=512 N=10 f16"};
  EXPECT_EQ(cases, expected);
}

TEST(BenchCli, BadThreadsAndFormatAreUsageErrors) {
  for (const std::string args :
       {"--threads 0", "--threads 1,x", "--min-time -1", "--output junit", "--frobnicate",
        "--gemm-squares 0", "--gemm-squares 8,x", "--gemm-dtype f64"}) {
    const auto result = run_strata("bench " + args);
    EXPECT_EQ(result.status, 2) << args << ": " << result.err;
  }
}

TEST(BenchCli, MissingDataFailsStrataSideWithTheFolderNamed) {
  const auto result =
      run_strata(kQuick + " --workload mlp-epoch --data /nonexistent/fmnist --output json");
  EXPECT_EQ(result.status, 1) << result.err;
  const boost::json::object doc = parse_report(result.out);
  ASSERT_EQ(rows(doc).size(), 1u);
  const auto& strata = rows(doc)[0].at("strata");
  EXPECT_TRUE(strata.at("value").is_null());
  const std::string note(strata.at("note").as_string());
  EXPECT_NE(note.find("/nonexistent/fmnist"), std::string::npos) << note;
}

#ifdef STRATA_TEST_AVX_PLUGIN
// One quick epoch of each model on the AVX backend (the reference backend's convolutions
// would take too long): a time and a finite training loss near ln(10) after a few batches.
TEST(BenchCli, EpochsReportTimeAndLoss) {
  if (!have_fashion_mnist()) GTEST_SKIP() << "Fashion-MNIST is not installed";
  const auto result = run_strata(
      "bench --backend " + quoted(STRATA_TEST_AVX_PLUGIN) +
      " --quick --threads 1 --python /nonexistent/python3 --workload mlp-epoch,cnn-epoch "
      "--output json");
  if (result.status != 0 && result.err.find("probe") != std::string::npos) {
    GTEST_SKIP() << "the avx backend cannot run here: " << result.err;
  }
  ASSERT_EQ(result.status, 0) << result.err;
  const boost::json::object doc = parse_report(result.out);
  ASSERT_EQ(rows(doc).size(), 2u);
  for (const auto& row : rows(doc)) {
    EXPECT_EQ(row.at("unit").as_string(), "s");
    EXPECT_GT(row.at("strata").at("value").as_double(), 0) << row;
    const double loss = row.at("strata").at("loss").as_double();
    // Ten classes: an untrained model's loss is ln 10 = 2.3; a few batches of Adam lower it.
    EXPECT_GT(loss, 0.3) << row;
    EXPECT_LT(loss, 2.6) << row;
    EXPECT_TRUE(find_peer(row, "pytorch")->at("skipped").as_bool());
  }
}
#endif

}  // namespace
