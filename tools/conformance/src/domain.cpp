#include "domain.hpp"

#include <cmath>
#include <limits>
#include <numeric>

namespace strata::conformance {
namespace {

uint64_t splitmix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

uint64_t fnv1a(std::string_view text) {
  uint64_t h = 0xCBF29CE484222325ull;
  for (char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001B3ull;
  }
  return h;
}

bool near_any(double v, const Domain& d) {
  for (double p : d.avoid) {
    if (std::fabs(v - p) < d.margin) return true;
  }
  return false;
}

// One draw of a continuous domain, away from the points it avoids.
double draw_continuous(const Domain& d, Generator& g) {
  for (;;) {
    double v = g.uniform(d.lo, d.hi);
    if (d.kind == Domain::Kind::kMagnitude && g.below(2) == 0) v = -v;
    if (!near_any(v, d)) return v;
  }
}

// About one element in four is special; the rest are ordinary values.
double draw_special(const Domain& d, Generator& g) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  const bool non_negative = d.lo >= 0;
  if (g.below(4) != 0) return g.uniform(d.lo, d.hi);
  const double all[] = {kNaN, kInf, 0.0, -kInf, -0.0};
  return all[g.below(non_negative ? 3 : 5)];
}

std::vector<double> distinct_values(const Domain& d, int64_t count, Generator& g) {
  std::vector<double> values(static_cast<size_t>(count));
  std::iota(values.begin(), values.end(), 0.0);
  for (int64_t i = count - 1; i > 0; --i) {
    std::swap(values[static_cast<size_t>(i)], values[static_cast<size_t>(g.below(i + 1))]);
  }
  for (double& v : values) v = d.lo + v * d.step;
  return values;
}

}  // namespace

Domain Domain::avoiding(std::vector<double> points, double within) const {
  Domain d = *this;
  d.avoid = std::move(points);
  d.margin = within;
  return d;
}

uint64_t Generator::next() {
  state_ += 0x9E3779B97F4A7C15ull;
  return splitmix(state_);
}

double Generator::unit() {
  return static_cast<double>(next() >> 11) * 0x1p-53;
}

int64_t Generator::below(int64_t bound) {
  return static_cast<int64_t>(next() % static_cast<uint64_t>(bound));
}

Generator generator_for(uint64_t seed, std::string_view case_key, size_t tensor_index) {
  return Generator(splitmix(splitmix(seed) ^ fnv1a(case_key)) + tensor_index);
}

std::vector<double> generate(const Domain& d, int64_t count, Generator& g) {
  if (d.kind == Domain::Kind::kDistinct) return distinct_values(d, count, g);
  std::vector<double> values(static_cast<size_t>(count));
  for (double& v : values) {
    switch (d.kind) {
      case Domain::Kind::kGrid: {
        const auto steps = static_cast<int64_t>(std::floor((d.hi - d.lo) / d.step)) + 1;
        v = d.lo + static_cast<double>(g.below(steps)) * d.step;
        break;
      }
      case Domain::Kind::kSpecials:
        v = draw_special(d, g);
        break;
      case Domain::Kind::kConstant:
        v = d.lo;
        break;
      default:
        v = draw_continuous(d, g);
        break;
    }
  }
  return values;
}

}  // namespace strata::conformance
