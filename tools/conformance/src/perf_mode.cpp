// --mode perf: each op's perf case (see case_registry.hpp) on the plugin alone, executed (and
// synchronized) until it has run for perf_min_seconds and at least perf_min_repetitions times; the
// median time, and GFLOP/s for matmul and convolution or GB/s (bytes read plus written) for
// everything else.
#include <algorithm>
#include <chrono>

#include "case_registry.hpp"
#include "case_runner.hpp"
#include "dtype.hpp"
#include "modes.hpp"

namespace strata::conformance {
namespace {

const TensorSpec& tensor(const Case& c, std::string_view role, std::string_view gradient_role) {
  for (const auto* list : {&c.inputs, &c.outputs}) {
    for (const TensorSpec& t : *list) {
      if (t.role == role || t.role == gradient_role) return t;
    }
  }
  return c.outputs[0];
}

double product(const std::vector<int64_t>& dims) {
  double p = 1;
  for (int64_t d : dims) p *= static_cast<double>(d);
  return p;
}

// Floating-point operations, multiply-adds counting two; 0 for ops measured in bytes.
double flops(const Case& c) {
  switch (c.op->op) {
    case STRATA_OP_MATMUL:
      return 2 * product(c.outputs[0].shape) * static_cast<double>(c.inputs[0].shape.back());
    case STRATA_OP_CONV2D:
    case STRATA_OP_CONV2D_BACKWARD_DATA:
    case STRATA_OP_CONV2D_BACKWARD_FILTER: {
      // Every op of the three does N*OH*OW*F dot products of length KH*KW*C/groups.
      const std::vector<int64_t>& w = tensor(c, "w", "dw").shape;
      return 2 * product(tensor(c, "y", "dy").shape) * static_cast<double>(w[0] * w[1] * w[2]);
    }
    default:
      return 0;
  }
}

// Bytes of distinct elements: a broadcast axis (stride 0) is read once.
double distinct_bytes(const TensorSpec& t) {
  double elements = 1;
  for (size_t k = 0; k < t.shape.size(); ++k) {
    if (t.strides[k] != 0) elements *= static_cast<double>(t.shape[k]);
  }
  return elements * static_cast<double>(dtype_size(t.dtype));
}

// Bytes read and written: in/out outputs (with data) count twice.
double bytes_moved(const Case& c) {
  double bytes = 0;
  for (const TensorSpec& t : c.inputs) bytes += distinct_bytes(t);
  for (const TensorSpec& t : c.outputs) {
    bytes += distinct_bytes(t) * (t.domain.kind == Domain::Kind::kNone ? 1 : 2);
  }
  return bytes;
}

double median(std::vector<double> times) {
  std::sort(times.begin(), times.end());
  const size_t n = times.size();
  return n % 2 == 1 ? times[n / 2] : (times[n / 2 - 1] + times[n / 2]) / 2;
}

// Times one warmed-up call repeatedly.
PerfFigures measure(PreparedCall& call, const Case& c, const Options& options) {
  using Clock = std::chrono::steady_clock;
  call.execute();  // warm-up: first-touch, lazy compilation, caches
  std::vector<double> times;
  double total = 0;
  while (total < options.perf_min_seconds ||
         static_cast<int>(times.size()) < options.perf_min_repetitions) {
    const auto start = Clock::now();
    call.execute();
    times.push_back(std::chrono::duration<double>(Clock::now() - start).count());
    total += times.back();
  }
  PerfFigures perf;
  perf.median_seconds = median(times);
  perf.repetitions = static_cast<int>(times.size());
  const double f = flops(c);
  perf.unit = f > 0 ? "GFLOP/s" : "GB/s";
  perf.rate = (f > 0 ? f : bytes_moved(c)) / perf.median_seconds / 1e9;
  return perf;
}

CaseResult time_case(Backend& plugin, const Case& c, const Options& options) {
  CaseResult r = result_for(c);
  if (auto refusal = query_support(plugin, c)) {
    mark_refused(r, *refusal);
    return r;
  }
  try {
    PreparedCall call(plugin, c, stage_case(c, options.seed));
    r.perf = measure(call, c, options);
  } catch (const Error& e) {
    mark_failed(r, "error", e.what());
  }
  return r;
}

}  // namespace

void run_perf_mode(ModeContext& context) {
  const Options& options = context.options();
  for (const OpInfo* op : context.ops()) {
    for (strata_dtype dtype : context.dtypes(*op)) {
      // Unasked, perf mode times f32 (the dtype every op has) rather than every dtype.
      if (options.dtypes.empty() && dtype != STRATA_F32) continue;
      const Case c = perf_case(*op, dtype, options.seed);
      context.emit_timed([&] { return time_case(context.plugin(), c, options); });
    }
  }
}

}  // namespace strata::conformance
