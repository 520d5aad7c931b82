#include "fans.hpp"

namespace strata::layers_detail {

Fans compute_fans(const Shape& shape) {
  const int rank = shape.rank();
  if (rank == 0) return {};
  if (rank == 1) return {double(shape[0]), double(shape[0])};
  double receptive_field = 1;
  for (int axis = 0; axis < rank - 2; ++axis) receptive_field *= double(shape[axis]);
  return {double(shape[rank - 2]) * receptive_field, double(shape[rank - 1]) * receptive_field};
}

}  // namespace strata::layers_detail
