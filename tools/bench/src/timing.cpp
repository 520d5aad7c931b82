#include "timing.hpp"

#include <thread>

namespace strata::bench {

void settle(double min_time) {
  // OpenBLAS's idle workers spin for about 2^28 cycles (~0.1 s) before they sleep.
  std::this_thread::sleep_for(std::chrono::duration<double>(std::min(min_time, 0.2)));
}

}  // namespace strata::bench
