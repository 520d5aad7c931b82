// Where a tensor's generated values come from, and the seeded generator that draws them.
// Domains keep data where comparisons mean something (positive inputs to log, bases of pow
// away from zero, values away from kinks when differentiating) and, where a case tests it on
// purpose, bring in ties, exact zeros, NaN and infinities.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace strata::conformance {

struct Domain {
  enum class Kind {
    kNone,       // no data: a write-only output (left as sentinel)
    kUniform,    // uniform in [lo, hi]
    kMagnitude,  // |v| uniform in [lo, hi], random sign
    kGrid,       // lo + k * step for integer k, up to hi: ties and exact integers
    kDistinct,   // a random permutation of lo + k * step: no ties (max-pool gradients)
    kSpecials,   // uniform in [lo, hi] with NaN, infinities and signed zeros mixed in
                 // (only those >= 0 when lo >= 0)
    kConstant,   // every element lo
  };
  Kind kind = Kind::kNone;
  double lo = 0;
  double hi = 0;
  double step = 1;
  // Values within `margin` of any of these are drawn again (kinks, for finite differences).
  std::vector<double> avoid;
  double margin = 0;

  static Domain none() { return {}; }
  static Domain uniform(double lo, double hi) { return of(Kind::kUniform, lo, hi); }
  static Domain magnitude(double lo, double hi) { return of(Kind::kMagnitude, lo, hi); }
  static Domain grid(double lo, double hi, double step = 1) {
    return of(Kind::kGrid, lo, hi, step);
  }
  static Domain distinct(double lo, double step) { return of(Kind::kDistinct, lo, 0, step); }
  static Domain specials(double lo, double hi) { return of(Kind::kSpecials, lo, hi); }
  static Domain constant(double value) { return of(Kind::kConstant, value, value); }
  Domain avoiding(std::vector<double> points, double within) const;

 private:
  static Domain of(Kind kind, double lo, double hi, double step = 1) {
    Domain d;
    d.kind = kind;
    d.lo = lo;
    d.hi = hi;
    d.step = step;
    return d;
  }
};

// SplitMix64: small, fast, and the same stream on every platform (std::*_distribution is
// implementation-defined, so it is not used).
class Generator {
 public:
  explicit Generator(uint64_t seed) : state_(seed) {}
  uint64_t next();
  double unit();                 // uniform in [0, 1), 53 bits
  int64_t below(int64_t bound);  // uniform in [0, bound)
  double uniform(double lo, double hi) { return lo + (hi - lo) * unit(); }

 private:
  uint64_t state_;
};

// A generator for one tensor of one case: the same (seed, case key, tensor) always draws the
// same values, whichever other cases run.
Generator generator_for(uint64_t seed, std::string_view case_key, size_t tensor_index);

std::vector<double> generate(const Domain& domain, int64_t count, Generator& generator);

}  // namespace strata::conformance
