// Keras's fan-in and fan-out of a weight shape (keras/src/initializers/random_initializers.py,
// compute_fans).
#pragma once

#include "strata/shape.hpp"

namespace strata::layers_detail {

struct Fans {
  double in = 1;
  double out = 1;
};

// Rank 0: (1, 1). Rank 1: (n, n). Rank 2 [in, out]: (in, out). Higher ranks are kernels
// [..., in, out]: both are multiplied by the receptive field, the product of the leading sizes.
Fans compute_fans(const Shape& shape);

}  // namespace strata::layers_detail
