// The MAX pooling kernels' applicability (portable code).
#include "pool_max.hpp"

namespace strata_avx::pool_max {

bool applies(const strata_pool2d_params& p, const strata_tensor& dy, const strata_tensor& x,
             const strata_tensor& dx) {
  return p.stride_h >= p.window_h && p.stride_w >= p.window_w && dy.strides[3] == 1 &&
         x.strides[3] == 1 && dx.strides[3] == 1;
}

bool applies_forward(const strata_tensor& x, const strata_tensor& y) {
  return x.strides[3] == 1 && y.strides[3] == 1;
}

}  // namespace strata_avx::pool_max
