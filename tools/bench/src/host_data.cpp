#include "host_data.hpp"

#include <random>

namespace strata::bench {

std::vector<float> random_values(size_t count, uint32_t seed) {
  std::mt19937 generator(seed);
  std::uniform_real_distribution<float> uniform(-1.f, 1.f);
  std::vector<float> values(count);
  for (float& v : values) v = uniform(generator);
  return values;
}

double normalized_mse(std::span<const float> ours, std::span<const float> peer) {
  double error = 0, energy = 0;
  for (size_t i = 0; i < ours.size() && i < peer.size(); ++i) {
    const double d = static_cast<double>(ours[i]) - peer[i];
    error += d * d;
    energy += static_cast<double>(peer[i]) * peer[i];
  }
  return energy > 0 ? error / energy : error;
}

}  // namespace strata::bench
