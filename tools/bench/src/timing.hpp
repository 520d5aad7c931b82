// How every figure of `strata bench` is timed: a warm-up call, then batches of calls sized to
// about a tenth of the minimum time, until the minimum time is spent and at least three batches
// ran; the figure is the best batch's time per call. The best, not the mean: on a shared
// machine, interference only ever adds time.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <limits>

namespace strata::bench {

inline double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// `call` issues one operation; `finish` waits for what was issued (asynchronous backends),
// once per batch, inside the timed span.
template <typename Call, typename Finish>
double seconds_per_call(double min_time, Call&& call, Finish&& finish) {
  auto start = std::chrono::steady_clock::now();
  call();
  finish();
  const double warm_up = std::max(seconds_since(start), 1e-9);
  const auto batch = static_cast<int64_t>(std::clamp(min_time / 10 / warm_up, 1.0, 1e7));
  double best = std::numeric_limits<double>::infinity();
  double spent = 0;
  for (int batches = 0; batches < 3 || spent < min_time; ++batches) {
    start = std::chrono::steady_clock::now();
    for (int64_t i = 0; i < batch; ++i) call();
    finish();
    const double elapsed = seconds_since(start);
    best = std::min(best, elapsed / static_cast<double>(batch));
    spent += elapsed;
  }
  return best;
}

// Lets worker threads of the previous measurement (ours or a peer's) stop spinning before the
// next one starts, so neither side pays for the other's idle threads.
void settle(double min_time);

}  // namespace strata::bench
