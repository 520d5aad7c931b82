// The GEMM peer when the build found no OpenBLAS.
#include "peers.hpp"

namespace strata::bench {

PeerRun openblas_gemm(const GemmShape&, std::span<const float>, std::span<const float>, int,
                      double) {
  return {.note =
              "skipped: OpenBLAS was not found when Strata was built (install "
              "libopenblas-dev, then reconfigure and rebuild)"};
}

}  // namespace strata::bench
