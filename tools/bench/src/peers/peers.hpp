// The libraries Strata is measured against. Each peer is compiled in when the build found it
// (OpenBLAS, oneDNN), loaded at run time (BLIS) or run as a separate program (PyTorch); a
// missing peer answers with a note that says what to install instead of a figure.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "bench/options.hpp"

namespace strata::bench {

// What a peer measured: seconds per call (absent: skipped or failed, `note` says why), how it
// was set up, and the output it computed, to compare with Strata's.
struct PeerRun {
  std::optional<double> seconds = {};
  std::string note = {};
  std::vector<float> output = {};
};

struct GemmShape {
  int64_t m, k, n;
};

// C = A B with cblas_sgemm (row-major, no transposes), OpenBLAS at `threads` threads.
PeerRun openblas_gemm(const GemmShape& shape, std::span<const float> a, std::span<const float> b,
                      int threads, double min_time);

// The same with BLIS's bli_sgemm at `threads` threads, BLIS loaded at run time (libblis.so.4).
PeerRun blis_gemm(const GemmShape& shape, std::span<const float> a, std::span<const float> b,
                  int threads, double min_time);

struct Conv2dShape {
  int64_t n, h, w, c, f, kh, kw;
  int32_t pad;
};

// The forward convolution of NHWC `x` by HWIO `w` (stride 1, `pad` zeros all round) with
// oneDNN at `threads` threads, oneDNN choosing its weight layout; output NHWC.
PeerRun onednn_conv2d(const Conv2dShape& shape, std::span<const float> x, std::span<const float> w,
                      int threads, double min_time);

// PyTorch CPU, run once per thread count as tools/bench/torch_peer.py under Options::python,
// for every workload it has a side of (epochs, small-op). At N threads it is run with
// OPENBLAS_NUM_THREADS=1 and =N and each workload keeps the faster; the note says which.
class TorchPeer {
 public:
  struct Result {
    std::optional<double> seconds = {};  // per epoch, or per op for small-op
    std::optional<double> loss = {};
    std::string note = {};
  };

  explicit TorchPeer(const Options& options);
  Result result(Workload workload, int threads);

 private:
  std::map<std::string, Result> run_all(int threads, int openblas_threads) const;

  const Options& options_;
  std::map<int, std::map<std::string, Result>> by_threads_;
};

}  // namespace strata::bench
