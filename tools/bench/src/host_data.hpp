// Host-side data shared by Strata's side and a peer's: the operands both are given, and how
// close their outputs came.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace strata::bench {

// `count` values uniform in [-1, 1), the same for the same seed.
std::vector<float> random_values(size_t count, uint32_t seed);

// sum((ours - peer)^2) / sum(peer^2), the conformance suite's measure (0 when both are zero).
double normalized_mse(std::span<const float> ours, std::span<const float> peer);

}  // namespace strata::bench
