#include "bounds.hpp"

namespace strata::conformance {

std::string_view tolerance_name(Tolerance tolerance) {
  switch (tolerance) {
    case Tolerance::kExact:
      return "exact";
    case Tolerance::kElementwise:
      return "elementwise";
    default:
      return "accumulating";
  }
}

// f32 carries the design's figures (1e-7 elementwise, 5e-4 accumulating). The others follow
// each format's unit roundoff u (f64 2^-53, f16 2^-11, bf16 2^-8): NMSE is a squared relative
// error, so a bound of B allows an RMS relative error of sqrt(B).
//   f64: 1e-20 and 1e-14 (RMS 1e-10 and 1e-7: far above any correct double computation,
//        far below float-precision arithmetic passed off as double);
//   f16: 1e-5 and 1e-3 (RMS about 3 and 30 ulps of 2^-10);
//   bf16: 6e-4 and 1e-2 (RMS about 3 and 13 ulps of 2^-7).
double nmse_bound(Tolerance tolerance, strata_dtype dtype) {
  if (tolerance == Tolerance::kExact) return 0;
  const bool elementwise = tolerance == Tolerance::kElementwise;
  switch (dtype) {
    case STRATA_F64:
      return elementwise ? 1e-20 : 1e-14;
    case STRATA_F16:
      return elementwise ? 1e-5 : 1e-3;
    case STRATA_BF16:
      return elementwise ? 6e-4 : 1e-2;
    default:
      return elementwise ? 1e-7 : 5e-4;
  }
}

// Central differences err by O(h^2) (truncation) plus O(u/h) (rounding of f): h = 1e-6 in
// f64 makes both about 1e-12; in f32, h = 1e-2 balances 1e-4 against 1e-5. The bounds leave
// a wide margin over that and still catch a gradient 1% off.
double grad_step(strata_dtype dtype) {
  return dtype == STRATA_F64 ? 1e-6 : 1e-2;
}

double grad_bound(strata_dtype dtype) {
  return dtype == STRATA_F64 ? 1e-6 : 1e-3;
}

}  // namespace strata::conformance
