// strata/random.hpp: random tensors drawn on the backend (STRATA_OP_RANDOM), as keras.random.
//
// Draws are Philox-4x32-10 keyed by (seed, offset). Without a seed argument they take the
// current context's stream and advance it (Context::set_seed, strata::set_seed), so a program
// seeded once draws the same numbers on every backend: uniform and bernoulli bit for bit,
// normal within rounding. With a seed argument the draw uses (seed, offset 0) and leaves the
// context's stream alone, so the same call always gives the same tensor.
#pragma once

#include <cstdint>
#include <optional>

#include "strata/dtype.hpp"
#include "strata/shape.hpp"
#include "strata/tensor.hpp"

namespace strata::random {

// Values in [minval, maxval); a float dtype, floatx by default. ValueError unless
// minval < maxval.
Tensor uniform(const Shape& shape, double minval = 0, double maxval = 1,
               std::optional<DType> dtype = std::nullopt,
               std::optional<uint64_t> seed = std::nullopt);

// Box-Muller normals; ValueError for a negative stddev.
Tensor normal(const Shape& shape, double mean = 0, double stddev = 1,
              std::optional<DType> dtype = std::nullopt,
              std::optional<uint64_t> seed = std::nullopt);

// 1 with probability p, else 0; a float dtype or uint8. ValueError unless 0 <= p <= 1.
Tensor bernoulli(const Shape& shape, double p, std::optional<DType> dtype = std::nullopt,
                 std::optional<uint64_t> seed = std::nullopt);

}  // namespace strata::random
