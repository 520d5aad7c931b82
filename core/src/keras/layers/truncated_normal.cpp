#include "truncated_normal.hpp"

#include <cmath>
#include <numbers>
#include <vector>

#include "strata/random.hpp"

namespace strata::layers_detail {

double erfinv(double y) {
  if (y <= -1) return -HUGE_VAL;
  if (y >= 1) return HUGE_VAL;
  // Winitzki's closed-form approximation (relative error below 2e-3), then Newton steps on
  // erf(x) = y, each of which roughly squares the error.
  constexpr double a = 0.147;
  const double ln = std::log1p(-y * y);
  const double first = 2 / (std::numbers::pi * a) + ln / 2;
  double x = std::copysign(std::sqrt(std::sqrt(first * first - ln / a) - first), y);
  for (int step = 0; step < 4; ++step) {
    const double slope = 2 / std::sqrt(std::numbers::pi) * std::exp(-x * x);
    x -= (std::erf(x) - y) / slope;
  }
  return x;
}

Tensor truncated_normal(const Shape& shape, double mean, double stddev, DType dtype,
                        std::optional<uint64_t> seed) {
  // Uniform values are multiples of 2^-24, exact in float32, so drawing them in float32 loses
  // nothing whatever the target dtype.
  const std::vector<float> u =
      random::uniform(shape, 0, 1, DType::float32, seed).to_vector<float>();
  const double hi = std::erf(std::numbers::sqrt2);  // P(|z| <= 2) maps to erf's (-hi, hi)
  std::vector<double> values(u.size());
  for (size_t i = 0; i < u.size(); ++i) {
    const double z = std::numbers::sqrt2 * erfinv(-hi + 2 * hi * double(u[i]));
    values[i] = mean + stddev * std::fmax(-2.0, std::fmin(2.0, z));
  }
  return Tensor::from(values, shape, dtype);
}

}  // namespace strata::layers_detail
