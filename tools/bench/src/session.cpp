#include "session.hpp"

#include "host_data.hpp"

namespace strata::bench {

Row make_row(std::string_view workload, std::string name, int threads, std::string unit,
             bool higher_is_better) {
  Row row;
  row.workload = workload;
  row.name = std::move(name);
  row.threads = threads;
  row.unit = std::move(unit);
  row.higher_is_better = higher_is_better;
  return row;
}

PeerFigure throughput_figure(std::string name, const PeerRun& run, double gflop,
                             std::span<const float> ours) {
  PeerFigure figure{.name = std::move(name), .note = run.note};
  if (run.seconds) {
    figure.value = gflop / *run.seconds;
    if (!ours.empty()) figure.nmse = normalized_mse(ours, run.output);
  }
  return figure;
}

}  // namespace strata::bench
