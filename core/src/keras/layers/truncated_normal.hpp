// Normal draws truncated at two standard deviations, by inverse transform sampling.
#pragma once

#include <cstdint>
#include <optional>

#include "strata/tensor.hpp"

namespace strata::layers_detail {

// The inverse of std::erf on (-1, 1).
double erfinv(double y);

// mean + stddev * z with z a standard normal conditioned on |z| <= 2. Uniform draws come from
// the context's Philox stream (or `seed`), which every backend reproduces bit for bit, and the
// transform runs on the host in double, so the result is identical on every backend. This is
// jax.random.truncated_normal's method; the distribution is the same as redrawing beyond 2
// stddev (tf.random.truncated_normal), but the number of draws does not depend on the values.
Tensor truncated_normal(const Shape& shape, double mean, double stddev, DType dtype,
                        std::optional<uint64_t> seed);

}  // namespace strata::layers_detail
