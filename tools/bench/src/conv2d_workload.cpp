// Conv2D forward: the ABI's convolution through the plugin's table (NHWC data, HWIO weights,
// stride 1, padding 1), against oneDNN, on the shape: 32 images of 28x28, 32 -> 64
// channels, 3x3 kernels.
#include <fmt/format.h>
#include <strata/error.hpp>

#include <vector>

#include "device_tensor.hpp"
#include "host_data.hpp"
#include "session.hpp"

namespace strata::bench {
namespace {

// Strata's seconds per call; `y` receives the output.
double time_conv2d(Backend& backend, const Conv2dShape& s, std::span<const float> x,
                   std::span<const float> w, double min_time, std::vector<float>& y) {
  const DeviceTensor dx(backend, {s.n, s.h, s.w, s.c}, x), dw(backend, {s.kh, s.kw, s.c, s.f}, w),
      dy(backend, {s.n, s.h + 2 * s.pad - s.kh + 1, s.w + 2 * s.pad - s.kw + 1, s.f});
  const strata_conv2d_params params{sizeof params, 1, 1, s.pad, s.pad, s.pad, s.pad, 1, 1, 1};
  const OpCall call(STRATA_OP_CONV2D, 0, &params, {&dx, &dw}, {&dy});
  const double seconds = time_op(backend, call, min_time);
  y = dy.read(backend);
  return seconds;
}

}  // namespace

void run_conv2d(Session& session, int threads) {
  const double min_time = session.options.min_time;
  const Conv2dShape s{session.options.quick ? 4 : 32, 28, 28, 32, 64, 3, 3, 1};
  Row row = make_row(
      "conv2d",
      fmt::format("N={} {}x{} C={} F={} {}x{} pad {}", s.n, s.h, s.w, s.c, s.f, s.kh, s.kw, s.pad),
      threads, "GFLOP/s", true);
  const int64_t oh = s.h + 2 * s.pad - s.kh + 1, ow = s.w + 2 * s.pad - s.kw + 1;
  const double gflop = 2e-9 * static_cast<double>(s.n * oh * ow * s.f * s.kh * s.kw * s.c);
  const std::vector<float> x = random_values(static_cast<size_t>(s.n * s.h * s.w * s.c), 3);
  const std::vector<float> w = random_values(static_cast<size_t>(s.kh * s.kw * s.c * s.f), 4);
  std::vector<float> y;
  try {
    Backend& backend = session.context.backend();
    row.actual_threads = use_threads(backend, threads);
    row.ours = gflop / time_conv2d(backend, s, x, w, min_time, y);
  } catch (const Error& e) {
    row.note = fmt::format("failed: {}", e.what());
  }
  row.peers.push_back(
      throughput_figure("onednn", onednn_conv2d(s, x, w, threads, min_time), gflop, y));
  session.add(std::move(row));
}

}  // namespace strata::bench
