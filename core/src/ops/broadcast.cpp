#include <fmt/format.h>

#include "strata/ops.hpp"

namespace strata::ops {

Shape broadcast_shapes(const Shape& a, const Shape& b, const char* op) {
  const int rank = std::max(a.rank(), b.rank());
  Shape out;
  out.resize(rank);
  for (int k = 0; k < rank; ++k) {
    const int ka = k - (rank - a.rank()), kb = k - (rank - b.rank());
    const int64_t da = ka >= 0 ? a[ka] : 1, db = kb >= 0 ? b[kb] : 1;
    if (da != db && da != 1 && db != 1) {
      throw ShapeError(
          fmt::format("{}: cannot broadcast {} with {}", op, a.to_string(), b.to_string()));
    }
    out[k] = da == 1 ? db : da;
  }
  return out;
}

}  // namespace strata::ops
