// `strata bench`: named workloads timed on a backend and, in the same run, on the libraries a
// user would otherwise pick (OpenBLAS, BLIS, oneDNN, PyTorch CPU), with each ratio.
#include <fmt/format.h>

#include <bench/options.hpp>
#include <bench/report.hpp>
#include <bench/run.hpp>
#include <cstdio>
#include <string>
#include <vector>

#include "commands.hpp"
#include "output_file.hpp"

namespace strata_cli {
namespace {

namespace sb = strata::bench;

void print_help() {
  fmt::print(
      "usage: strata bench [options]\n"
      "\n"
      "Times named workloads on a backend and, in the same run, on its peers, and prints each\n"
      "figure with the ratio strata / peer. Peers missing on the machine are skipped with a\n"
      "note. docs/benchmarks.md has the latest figures and the commands behind them.\n"
      "\n"
      "Workloads:\n"
      "  gemm       matmul, squares 256-2048 and the MLP's shapes, vs OpenBLAS and BLIS\n"
      "  conv2d     Conv2D forward, N=32 28x28 32->64 3x3 pad 1, vs oneDNN\n"
      "  mlp-epoch  one Fashion-MNIST epoch of the MLP 784-512-512-10, vs PyTorch CPU\n"
      "  cnn-epoch  one Fashion-MNIST epoch of the demo CNN, vs PyTorch CPU\n"
      "  small-op   one add of one-element tensors through the whole stack, vs the same kernel\n"
      "             called directly and vs torch.add\n"
      "\n"
      "  --backend NAME|PATH    the backend (default: STRATA_BACKEND, then the config file)\n"
      "  --workload W[,W...]    workloads to run (default: all)\n"
      "  --threads N[,N...]     thread counts, each for strata and the peers (default 1,2)\n"
      "  --gemm-squares N[,N..] gemm: the square sizes (default 256,512,1024,2048)\n"
      "  --gemm-dtype f32|f16   gemm: Strata's operand type (default f32; the peer stays f32)\n"
      "  --min-time SECONDS     time each figure for at least this long (default 0.5;\n"
      "                         an epoch is always timed once)\n"
      "  --quick                tiny sizes: checks that everything runs; figures mean nothing\n"
      "  --python PATH          the interpreter with PyTorch (default /usr/bin/python3)\n"
      "  --data FOLDER          Fashion-MNIST (default /usr/share/datasets/fashion-mnist)\n"
      "  --output FORMAT        console (default), json or markdown\n"
      "  --output-file FILE     write the report there (atomically) instead of to stdout\n"
      "\n"
      "Progress goes to stderr. The exit status is 1 when Strata's side of a workload failed,\n"
      "0 otherwise (skipped peers are not failures).\n");
}

std::vector<sb::Workload> parse_workloads(const std::string& list) {
  std::vector<sb::Workload> workloads;
  for (const std::string& name : split_list(list)) {
    const auto w = sb::parse_workload(name);
    if (!w) {
      throw UsageError(
          fmt::format("--workload: unknown workload '{}' (use {})", name, sb::workload_list()));
    }
    workloads.push_back(*w);
  }
  if (workloads.empty())
    throw UsageError(fmt::format("--workload: name one of {}", sb::workload_list()));
  return workloads;
}

std::vector<int> parse_threads(const std::string& list) {
  std::vector<int> threads;
  for (const std::string& item : split_list(list)) {
    size_t used = 0;
    int n = 0;
    try {
      n = std::stoi(item, &used);
    } catch (const std::exception&) {
    }
    if (used != item.size() || n < 1 || n > 1024) {
      throw UsageError(fmt::format("--threads: '{}' is not a thread count (1..1024)", item));
    }
    threads.push_back(n);
  }
  if (threads.empty()) throw UsageError("--threads: give at least one count, e.g. 1,2");
  return threads;
}

std::vector<int64_t> parse_squares(const std::string& list) {
  std::vector<int64_t> squares;
  for (const std::string& item : split_list(list)) {
    squares.push_back(parse_number<int64_t>(item, "--gemm-squares"));
    if (squares.back() < 1 || squares.back() > 65536) {
      throw UsageError(fmt::format("--gemm-squares: '{}' is not a size (1..65536)", item));
    }
  }
  return squares;
}

strata_dtype parse_gemm_dtype(const std::string& text) {
  if (text == "f32") return STRATA_F32;
  if (text == "f16") return STRATA_F16;
  throw UsageError(fmt::format("--gemm-dtype: '{}' is not f32 or f16", text));
}

double parse_min_time(const std::string& text) {
  size_t used = 0;
  double value = -1;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
  }
  if (used != text.size() || !(value >= 0 && value <= 3600)) {
    throw UsageError(fmt::format("--min-time: '{}' is not a number of seconds (0..3600)", text));
  }
  return value;
}

sb::Options read_options(CommandLine& args) {
  sb::Options options;
  options.backend = args.option("--backend").value_or("");
  if (auto w = args.option("--workload")) options.workloads = parse_workloads(*w);
  if (auto t = args.option("--threads")) options.threads = parse_threads(*t);
  if (auto t = args.option("--min-time")) options.min_time = parse_min_time(*t);
  if (auto g = args.option("--gemm-squares")) options.gemm_squares = parse_squares(*g);
  if (auto g = args.option("--gemm-dtype")) options.gemm_dtype = parse_gemm_dtype(*g);
  options.quick = args.flag("--quick");
  if (auto p = args.option("--python")) options.python = *p;
  if (auto d = args.option("--data")) options.data_folder = *d;
  return options;
}

void print_progress(const sb::Row& row) {
  std::string peers;
  for (const sb::PeerFigure& p : row.peers) {
    peers += fmt::format(", {} {}", p.name,
                         p.value ? sb::format_figure(*p.value) : std::string("skipped"));
  }
  fmt::print(stderr, "bench: {} {}, threads {}: {} {}{}\n", row.workload, row.name, row.threads,
             row.ours ? sb::format_figure(*row.ours) : std::string("failed"), row.unit, peers);
  std::fflush(stderr);
}

}  // namespace

int run_bench(CommandLine& args) {
  if (args.flag("--help", "-h")) {
    print_help();
    return 0;
  }
  const std::string format = args.option("--output").value_or("console");
  if (format != "console" && format != "json" && format != "markdown") {
    throw UsageError(
        fmt::format("--output: unknown format '{}' (use console, json or markdown)", format));
  }
  const std::optional<std::string> output_file = args.option("--output-file");
  sb::Options options = read_options(args);
  args.words(0);
  options.on_row = print_progress;
  const sb::Report report = sb::run_bench(options);
  const std::string text = format == "json"       ? sb::json_report(report)
                           : format == "markdown" ? sb::markdown_report(report)
                                                  : sb::console_report(report);
  if (output_file) {
    write_output_file(*output_file, text);
    fmt::print("{}", format == "console" ? text : sb::console_report(report));
  } else {
    fmt::print("{}", text);
  }
  return report.complete() ? 0 : 1;
}

}  // namespace strata_cli
