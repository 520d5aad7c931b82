#include "conformance/run.hpp"

#include <fmt/format.h>
#include <strata/backend.hpp>
#include <strata/error.hpp>

#include <chrono>

#include "modes.hpp"

namespace strata::conformance {
namespace {

// A name on the search path or a plugin file, as `strata conformance --backend` takes it.
Selection open(const std::string& request, const std::string& option) {
  if (request.empty()) {
    throw Error(
        fmt::format("conformance: no backend to test; name one with {} NAME or {} "
                    "PATH/libstrata-backend-NAME.so",
                    option, option));
  }
  BackendRequest r;
  r.backend = request;
  r.source = option;
  return select_backend(r);
}

BackendDescription describe(const Backend& backend) {
  return {backend.name(), backend.info().version, backend.plugin().file().string()};
}

}  // namespace

Report run_conformance(const Options& options) {
  const auto start = std::chrono::steady_clock::now();
  std::vector<const OpInfo*> ops = select_ops(options.ops);  // before loading anything
  Report report;
  report.mode = options.mode;
  report.seed = options.seed;
  Selection plugin = open(options.backend, "--backend");
  report.backend = describe(plugin.backend);
  ModeContext context(plugin.backend, options, std::move(ops), report.results);
  switch (options.mode) {
    case Mode::kTest: {
      Selection reference =
          open(options.reference.empty() ? "reference" : options.reference, "--reference");
      report.reference = describe(reference.backend);
      run_test_mode(context, reference.backend);
      break;
    }
    case Mode::kGrad:
      run_grad_mode(context);
      break;
    case Mode::kPerf:
      run_perf_mode(context);
      break;
    case Mode::kSupport:
      run_support_mode(context);
      break;
  }
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace strata::conformance
