// GEMM: the ABI's matmul op through the plugin's table, against OpenBLAS's cblas_sgemm and BLIS's
// bli_sgemm, on the shapes: squares 256-2048 (or --gemm-squares) and the two layers of
// the MLP at batch 128.
#include <fmt/format.h>
#include <strata/error.hpp>
#include <strata/kit/half.hpp>

#include <vector>

#include "device_tensor.hpp"
#include "host_data.hpp"
#include "session.hpp"

namespace strata::bench {
namespace {

std::vector<GemmShape> gemm_shapes(const Options& options) {
  if (options.quick) return {{64, 64, 64}, {128, 128, 128}, {16, 784, 512}};
  std::vector<GemmShape> shapes;
  for (const int64_t n : options.gemm_squares) shapes.push_back({n, n, n});
  shapes.push_back({128, 784, 512});
  shapes.push_back({128, 512, 10});
  return shapes;
}

// `count` random values, exactly representable in `dtype`.
std::vector<float> operand(size_t count, uint64_t seed, strata_dtype dtype) {
  std::vector<float> values = random_values(count, seed);
  if (dtype == STRATA_F16) {
    for (float& v : values) v = static_cast<float>(strata::kit::round_to(STRATA_F16, v));
  }
  return values;
}

// Strata's seconds per call; `c` receives the product.
double time_matmul(Backend& backend, const GemmShape& s, std::span<const float> a,
                   std::span<const float> b, strata_dtype dtype, double min_time,
                   std::vector<float>& c) {
  const DeviceTensor da(backend, {s.m, s.k}, a, dtype), db(backend, {s.k, s.n}, b, dtype),
      dc(backend, {s.m, s.n}, {}, dtype);
  const strata_matmul_params params{sizeof params, 1.0, 0.0};
  const OpCall call(STRATA_OP_MATMUL, 0, &params, {&da, &db}, {&dc});
  const double seconds = time_op(backend, call, min_time);
  c = dc.read(backend);
  return seconds;
}

}  // namespace

void run_gemm(Session& session, int threads) {
  const double min_time = session.options.min_time;
  const strata_dtype dtype = session.options.gemm_dtype;
  const std::string suffix = dtype == STRATA_F16 ? " f16" : "";
  for (const GemmShape& s : gemm_shapes(session.options)) {
    Row row = make_row("gemm", fmt::format("M={} K={} N={}{}", s.m, s.k, s.n, suffix), threads,
                       "GFLOP/s", true);
    const double gflop = 2e-9 * static_cast<double>(s.m * s.n * s.k);
    const std::vector<float> a = operand(static_cast<size_t>(s.m * s.k), 1, dtype);
    const std::vector<float> b = operand(static_cast<size_t>(s.k * s.n), 2, dtype);
    std::vector<float> c;
    try {
      Backend& backend = session.context.backend();
      row.actual_threads = use_threads(backend, threads);
      row.ours = gflop / time_matmul(backend, s, a, b, dtype, min_time, c);
    } catch (const Error& e) {
      row.note = fmt::format("failed: {}", e.what());
    }
    row.peers.push_back(
        throughput_figure("openblas", openblas_gemm(s, a, b, threads, min_time), gflop, c));
    row.peers.push_back(throughput_figure("blis", blis_gemm(s, a, b, threads, min_time), gflop, c));
    session.add(std::move(row));
  }
}

}  // namespace strata::bench
