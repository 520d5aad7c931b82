// The initializer implementations, with the seed Keras's classes take; the public factories in
// initializers.hpp call these without one.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "strata/keras/initializers.hpp"

namespace strata::layers_detail {

using Seed = std::optional<uint64_t>;

// class_name is "Zeros", "Ones" (no config) or "Constant" ({"value": ...}).
Initializer make_constant(std::string_view class_name, double value);
Initializer make_random_uniform(double minval, double maxval, Seed seed);
Initializer make_random_normal(double mean, double stddev, Seed seed);
Initializer make_truncated_normal(double mean, double stddev, Seed seed);
// class_name "VarianceScaling" writes every argument to its config; the named variants
// ("GlorotUniform", ...) write only the seed, as Keras does.
Initializer make_variance_scaling(std::string_view class_name, double scale, std::string_view mode,
                                  std::string_view distribution, Seed seed);
// GlorotUniform, GlorotNormal, HeUniform, HeNormal, LecunUniform, LecunNormal; nullopt for
// any other class name.
std::optional<Initializer> make_variance_scaling_preset(std::string_view class_name, Seed seed);
Initializer make_orthogonal(double gain, Seed seed);

// {"seed": null} or {"seed": 42}.
boost::json::value seed_json(Seed seed);

}  // namespace strata::layers_detail
