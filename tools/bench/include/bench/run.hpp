// Runs the workloads of a `strata bench` invocation on a backend and on its peers.
#pragma once

#include "bench/options.hpp"
#include "bench/report.hpp"

namespace strata::bench {

// Opens the backend as the other commands do (Options::backend, else STRATA_BACKEND, else the
// config file), then measures each workload at each thread count, Strata's side and the peers'
// side by side. Throws strata::Error when the backend cannot be opened; a peer that is missing
// or fails is reported in its row, as is a workload Strata's side could not run.
Report run_bench(const Options& options);

}  // namespace strata::bench
