// The figures of a `strata bench` run, and the two forms they are printed in: a console
// table and a JSON document.
//
// Every row is one case of one workload at one thread count: Strata's figure and, per peer,
// the peer's figure and the ratio strata / peer in the row's unit. For GFLOP/s a ratio above
// 1 means Strata is faster; for seconds and microseconds, below 1 does.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace strata::bench {

struct PeerFigure {
  std::string name = {};             // "openblas", "onednn", "pytorch", "direct ABI call"
  std::optional<double> value = {};  // absent when the peer was skipped
  std::string note = {};             // why it was skipped, or how it was set up
  std::optional<double> loss = {};   // epochs: the peer's mean training loss
  // sum((ours-peer)^2)/sum(peer^2) of the outputs, where compared
  std::optional<double> nmse = {};
};

struct Row {
  std::string workload = {};  // "gemm"
  std::string name = {};      // "M=512 K=512 N=512"
  int threads = 1;            // as asked; `actual_threads` is what the backend said it used
  int actual_threads = 0;
  std::string unit = {};  // "GFLOP/s", "s", "us"
  bool higher_is_better = true;
  std::optional<double> ours = {};  // absent when Strata's side failed (see `note`)
  std::string note = {};
  std::optional<double> loss = {};  // epochs: Strata's mean training loss
  std::vector<PeerFigure> peers = {};
};

// ours / peer, when both exist.
std::optional<double> ratio(const Row& row, const PeerFigure& peer);

struct Report {
  std::string backend;  // "avx 1.0.0"
  std::string backend_file;
  std::string cpu;  // the model name the CPU reports
  int cores = 0;    // the cores this process may use
  // The machine's 1-minute load average when the run started and ended: figures taken on a
  // busy machine are slower than the code is.
  double load_start = 0, load_end = 0;
  double min_time = 0;
  bool quick = false;
  std::vector<Row> rows;
  // True when every row has Strata's figure.
  bool complete() const;
};

// Figures in a table come with 4 significant digits and ratios with 3 decimals.
std::string format_figure(double value);
// One line per (row, peer): workload, case, threads, Strata's figure, the peer, its figure, the
// ratio, notes. A row without peers still gets its line.
std::string console_report(const Report& report);
// The same table in Markdown, for docs/benchmarks.md.
std::string markdown_report(const Report& report);
// {"tool": "strata bench", "backend": ..., "machine": {...}, "rows": [{..., "strata": {...},
//  "peers": [{"name", "value", "ratio", "note", ...}]}]}
std::string json_report(const Report& report);

}  // namespace strata::bench
