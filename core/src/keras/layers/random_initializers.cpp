// RandomUniform, RandomNormal and TruncatedNormal.
#include <fmt/format.h>

#include <cmath>

#include "initializer_impls.hpp"
#include "strata/op_error.hpp"
#include "strata/random.hpp"
#include "truncated_normal.hpp"

namespace strata {
namespace layers_detail {
namespace {

enum class Distribution { uniform, normal, truncated_normal };

// (a, b) is (minval, maxval) for the uniform, (mean, stddev) for the normals.
class RandomInitializer final : public InitializerImpl {
 public:
  RandomInitializer(Distribution distribution, double a, double b, Seed seed)
      : distribution_(distribution), a_(a), b_(b), seed_(seed) {}

  Tensor operator()(const Shape& shape, DType dtype) const override {
    switch (distribution_) {
      case Distribution::uniform:
        return random::uniform(shape, a_, b_, dtype, seed_);
      case Distribution::normal:
        return random::normal(shape, a_, b_, dtype, seed_);
      case Distribution::truncated_normal:
        break;
    }
    return truncated_normal(shape, a_, b_, dtype, seed_);
  }
  std::string_view class_name() const override {
    switch (distribution_) {
      case Distribution::uniform:
        return "RandomUniform";
      case Distribution::normal:
        return "RandomNormal";
      case Distribution::truncated_normal:
        break;
    }
    return "TruncatedNormal";
  }
  boost::json::object get_config() const override {
    const bool uniform = distribution_ == Distribution::uniform;
    return {{uniform ? "minval" : "mean", a_},
            {uniform ? "maxval" : "stddev", b_},
            {"seed", seed_json(seed_)}};
  }

 private:
  Distribution distribution_;
  double a_, b_;
  Seed seed_;
};

Initializer make_normal(Distribution distribution, double mean, double stddev, Seed seed) {
  if (!(stddev >= 0) || !std::isfinite(stddev) || !std::isfinite(mean)) {
    throw ValueError(fmt::format(
        "{}: mean {} and stddev {}: need finite values and stddev >= 0",
        distribution == Distribution::normal ? "RandomNormal" : "TruncatedNormal", mean, stddev));
  }
  return Initializer(std::make_shared<RandomInitializer>(distribution, mean, stddev, seed));
}

}  // namespace

boost::json::value seed_json(Seed seed) {
  return seed ? boost::json::value(*seed) : boost::json::value(nullptr);
}

Initializer make_random_uniform(double minval, double maxval, Seed seed) {
  if (!(minval < maxval) || !std::isfinite(maxval - minval)) {
    throw ValueError(
        fmt::format("RandomUniform: minval {} and maxval {}: need minval < maxval "
                    "and a finite range",
                    minval, maxval));
  }
  return Initializer(
      std::make_shared<RandomInitializer>(Distribution::uniform, minval, maxval, seed));
}

Initializer make_random_normal(double mean, double stddev, Seed seed) {
  return make_normal(Distribution::normal, mean, stddev, seed);
}

Initializer make_truncated_normal(double mean, double stddev, Seed seed) {
  return make_normal(Distribution::truncated_normal, mean, stddev, seed);
}

}  // namespace layers_detail

Initializer RandomUniform(double minval, double maxval) {
  return layers_detail::make_random_uniform(minval, maxval, std::nullopt);
}
Initializer RandomNormal(double mean, double stddev) {
  return layers_detail::make_random_normal(mean, stddev, std::nullopt);
}
Initializer TruncatedNormal(double mean, double stddev) {
  return layers_detail::make_truncated_normal(mean, stddev, std::nullopt);
}

}  // namespace strata
