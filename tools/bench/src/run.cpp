#include "bench/run.hpp"

#include <fmt/format.h>

#include "machine.hpp"
#include "session.hpp"

namespace strata::bench {
namespace {

void run_workload(Session& session, Workload workload, int threads) {
  switch (workload) {
    case Workload::kGemm:
      return run_gemm(session, threads);
    case Workload::kConv2d:
      return run_conv2d(session, threads);
    case Workload::kMlpEpoch:
    case Workload::kCnnEpoch:
      return run_epoch(session, workload, threads);
    case Workload::kSmallOp:
      return run_small_op(session, threads);
  }
}

}  // namespace

Report run_bench(const Options& options) {
  Session session(options);
  const Backend& backend = session.context.backend();
  Report report;
  report.backend = fmt::format("{} {}", backend.info().name, backend.info().version);
  report.backend_file = backend.plugin().file().string();
  report.cpu = cpu_model();
  report.cores = usable_cores();
  report.load_start = load_average();
  report.min_time = options.min_time;
  report.quick = options.quick;
  for (const Workload workload : options.workloads) {
    for (const int threads : options.threads) run_workload(session, workload, threads);
  }
  report.rows = std::move(session.rows);
  report.load_end = load_average();
  return report;
}

}  // namespace strata::bench
