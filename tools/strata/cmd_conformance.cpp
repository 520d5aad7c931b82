// `strata conformance`: runs the ABI v1 op set on a plugin and judges it against the reference
// backend (test), finite differences (grad), the clock (perf) or its own supports() (support).
#include <fmt/format.h>
#include <strata/error.hpp>

#include <conformance/op_catalog.hpp>
#include <conformance/reporters.hpp>
#include <conformance/run.hpp>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>

#include "commands.hpp"
#include "output_file.hpp"

namespace strata_cli {
namespace {

namespace sc = strata::conformance;

void print_help() {
  fmt::print(
      "usage: strata conformance --backend NAME|PATH [options]\n"
      "       strata conformance --list-ops\n"
      "\n"
      "Runs every op of backend ABI v1 on a plugin over many dtypes and views (odd, size-1 and\n"
      "zero-size dimensions, broadcast, transposed, sliced and offset tensors, one case of\n"
      ">= 1,000,000 elements per op family) and compares it with the reference backend.\n"
      "docs/conformance.md explains the checks and the bounds.\n"
      "\n"
      "  --backend NAME|PATH   the plugin under test: a name on the plugin search path or a file\n"
      "  --reference NAME|PATH the oracle (default: the plugin named reference on the path)\n"
      "  --mode MODE           test (default): compare with the reference backend\n"
      "                        grad: backward ops against finite differences of the forward op\n"
      "                        perf: time per op, GFLOP/s or GB/s (f32 unless --dtype)\n"
      "                        support: the op x dtype support matrix, nothing executed\n"
      "  -o, --ops OP[,OP...]  ops to run, by name or family (see --list-ops); default all\n"
      "  --dtype D[,D...]      f32 f64 f16 bf16 i32 i64 u8; default all the op has\n"
      "  --seed N              seed of the data generator (default 1)\n"
      "  --output FORMAT       console (default), json or junit\n"
      "  --output-file FILE    write the report there (atomically) instead of to stdout\n"
      "  --min-time SECONDS    perf: time each op for at least this long (default 0.2)\n"
      "  --skip-large          test: leave out the cases of >= 1,000,000 elements (quicker)\n"
      "  -v, --verbose         print every case as it finishes\n"
      "  --list-ops            print the op names and their dtypes\n"
      "\n"
      "The last line of the console report is 'N passed, N failed, N unsupported'. The exit\n"
      "status is 1 when any case failed, 0 otherwise (unsupported cases are not failures).\n");
}

std::vector<strata_dtype> parse_dtypes(const std::string& list) {
  std::vector<strata_dtype> dtypes;
  for (const std::string& name : split_list(list)) {
    const std::optional<strata_dtype> d = sc::parse_dtype(name);
    if (!d) {
      throw UsageError(
          fmt::format("--dtype: unknown dtype '{}' (use f32, f64, f16, bf16, i32, "
                      "i64 or u8)",
                      name));
    }
    dtypes.push_back(*d);
  }
  return dtypes;
}

enum class Format { kConsole, kJson, kJunit };

Format parse_format(const std::string& name) {
  if (name == "console") return Format::kConsole;
  if (name == "json") return Format::kJson;
  if (name == "junit") return Format::kJunit;
  throw UsageError(fmt::format("--output: unknown format '{}' (use console, json or junit)", name));
}

sc::Options read_options(CommandLine& args, bool& verbose) {
  sc::Options options;
  options.backend = args.option("--backend").value_or("");
  options.reference = args.option("--reference").value_or("");
  if (auto mode = args.option("--mode")) {
    const auto parsed = sc::parse_mode(*mode);
    if (!parsed) {
      throw UsageError(
          fmt::format("--mode: unknown mode '{}' (use test, grad, perf or support)", *mode));
    }
    options.mode = *parsed;
  }
  if (auto ops = args.option("--ops", "-o")) {
    options.ops = split_list(*ops);
    try {
      sc::select_ops(options.ops);
    } catch (const strata::Error& e) {
      throw UsageError(fmt::format("-o: {}", e.what()));
    }
  }
  if (auto dtypes = args.option("--dtype")) options.dtypes = parse_dtypes(*dtypes);
  if (auto seed = args.option("--seed")) options.seed = parse_number<uint64_t>(*seed, "--seed");
  if (auto t = args.option("--min-time")) {
    options.perf_min_seconds = parse_number<double>(*t, "--min-time");
  }
  options.large_cases = !args.flag("--skip-large");
  verbose = args.flag("--verbose", "-v");
  if (options.backend.empty()) {
    throw UsageError("conformance needs --backend NAME|PATH (the plugin to test)");
  }
  return options;
}

}  // namespace

int run_conformance(CommandLine& args) {
  if (args.flag("--help", "-h")) {
    print_help();
    return 0;
  }
  if (args.flag("--list-ops")) {
    args.words(0);
    fmt::print("{}", sc::list_ops_text());
    return 0;
  }
  const Format format = parse_format(args.option("--output").value_or("console"));
  const std::optional<std::string> output_file = args.option("--output-file");
  bool verbose = false;
  sc::Options options = read_options(args, verbose);
  args.words(0);
  // Structured reports on stdout must stay parseable: progress goes to stderr then.
  const bool document_on_stdout = format != Format::kConsole && !output_file;
  std::FILE* progress = document_on_stdout ? stderr : stdout;
  if (verbose) {
    options.on_result = [progress](const sc::CaseResult& r) {
      fmt::print(progress, "{}\n", sc::case_line(r));
      std::fflush(progress);
    };
  }
  const sc::Report report = sc::run_conformance(options);
  const std::string text = format == Format::kJson    ? sc::json_report(report)
                           : format == Format::kJunit ? sc::junit_report(report)
                                                      : sc::console_report(report);
  if (output_file) {
    write_output_file(*output_file, text);
    fmt::print("{}", format == Format::kConsole ? sc::summary_line(report.counts()) + "\n"
                                                : sc::console_report(report));
  } else {
    fmt::print("{}", text);
  }
  return report.passed() ? 0 : 1;
}

}  // namespace strata_cli
