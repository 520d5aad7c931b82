// The convolution peer when the build found no oneDNN.
#include "peers.hpp"

namespace strata::bench {

PeerRun onednn_conv2d(const Conv2dShape&, std::span<const float>, std::span<const float>, int,
                      double) {
  return {.note =
              "skipped: oneDNN was not found when Strata was built (install libdnnl-dev, "
              "then reconfigure and rebuild)"};
}

}  // namespace strata::bench
