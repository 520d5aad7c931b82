// The GEMM peer: OpenBLAS's cblas_sgemm, as a C++ user calls it on row-major matrices.
#include <cblas.h>
#include <fmt/format.h>

#include "peers.hpp"
#include "timing.hpp"

namespace strata::bench {

PeerRun openblas_gemm(const GemmShape& shape, std::span<const float> a, std::span<const float> b,
                      int threads, double min_time) {
  openblas_set_num_threads(threads);
  PeerRun run;
  run.output.resize(static_cast<size_t>(shape.m * shape.n));
  const auto m = static_cast<blasint>(shape.m), k = static_cast<blasint>(shape.k),
             n = static_cast<blasint>(shape.n);
  settle(min_time);
  run.seconds = seconds_per_call(
      min_time,
      [&] {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1.f, a.data(), k, b.data(),
                    n, 0.f, run.output.data(), n);
      },
      [] {});
  // OPENBLAS_CORETYPE=Haswell shows here as "Haswell": which kernel was measured.
  run.note = fmt::format("OpenBLAS {} kernels, threads {}", openblas_get_corename(),
                         openblas_get_num_threads());
  return run;
}

}  // namespace strata::bench
