// What the workloads of one `strata bench` run share: the options, the backend under test, the
// PyTorch peer (run once per thread count), the data set once loaded, and the rows so far.
#pragma once

#include <strata/context.hpp>
#include <strata/tensor.hpp>

#include <optional>
#include <utility>
#include <vector>

#include "bench/options.hpp"
#include "bench/report.hpp"
#include "peers/peers.hpp"

namespace strata::bench {

struct Session {
  explicit Session(const Options& o) : options(o), context(o.backend), torch(o) {}

  // Appends the row and reports it to Options::on_row.
  void add(Row row) {
    rows.push_back(std::move(row));
    if (options.on_row) options.on_row(rows.back());
  }

  const Options& options;
  Context context;
  TorchPeer torch;
  // Fashion-MNIST training images (float32 [n,28,28,1] in [0,1]) and labels, on `context`.
  std::optional<std::pair<Tensor, Tensor>> train_data;
  std::vector<Row> rows;
};

Row make_row(std::string_view workload, std::string name, int threads, std::string unit,
             bool higher_is_better);

// A peer's figure in GFLOP/s for work of `gflop`, with the agreement of its output with
// Strata's (`ours`, empty when Strata's side failed).
PeerFigure throughput_figure(std::string name, const PeerRun& run, double gflop,
                             std::span<const float> ours);

void run_gemm(Session& session, int threads);
void run_conv2d(Session& session, int threads);
void run_epoch(Session& session, Workload workload, int threads);
void run_small_op(Session& session, int threads);

}  // namespace strata::bench
