// VarianceScaling and the Glorot, He and Lecun initializers built on it, as Keras 3 defines them
// (keras/src/initializers/random_initializers.py):
//   variance = scale / max(1, fan)  with fan = fan_in, fan_out or (fan_in + fan_out) / 2
//   uniform:            limit = sqrt(3 * variance), U(-limit, limit)
//   truncated_normal:   stddev = sqrt(variance) / .87962566103423978, truncated at 2 stddev
//                       (.8796... is the stddev of a standard normal truncated at +-2, so the
//                       draws end up with variance `variance`)
//   untruncated_normal: stddev = sqrt(variance)
// So GlorotUniform's limit is sqrt(6 / (fan_in + fan_out)) and HeNormal is a truncated normal of
// stddev sqrt(2 / fan_in) / .87962566103423978 before truncation.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "fans.hpp"
#include "initializer_impls.hpp"
#include "strata/op_error.hpp"
#include "strata/random.hpp"
#include "truncated_normal.hpp"

namespace strata {
namespace layers_detail {
namespace {

constexpr double kTruncatedStddev = .87962566103423978;

class VarianceScalingInitializer final : public InitializerImpl {
 public:
  VarianceScalingInitializer(std::string_view class_name, double scale, std::string_view mode,
                             std::string_view distribution, Seed seed)
      : class_name_(class_name),
        scale_(scale),
        mode_(mode),
        distribution_(distribution),
        seed_(seed) {}

  Tensor operator()(const Shape& shape, DType dtype) const override {
    const Fans fans = compute_fans(shape);
    const double fan = mode_ == "fan_in"    ? fans.in
                       : mode_ == "fan_out" ? fans.out
                                            : (fans.in + fans.out) / 2;
    const double variance = scale_ / std::max(1.0, fan);
    if (distribution_ == "uniform") {
      const double limit = std::sqrt(3 * variance);
      return random::uniform(shape, -limit, limit, dtype, seed_);
    }
    if (distribution_ == "untruncated_normal") {
      return random::normal(shape, 0, std::sqrt(variance), dtype, seed_);
    }
    return truncated_normal(shape, 0, std::sqrt(variance) / kTruncatedStddev, dtype, seed_);
  }
  std::string_view class_name() const override { return class_name_; }
  boost::json::object get_config() const override {
    if (class_name_ != "VarianceScaling") return {{"seed", seed_json(seed_)}};
    return {{"scale", scale_},
            {"mode", mode_},
            {"distribution", distribution_},
            {"seed", seed_json(seed_)}};
  }

 private:
  std::string class_name_;
  double scale_;
  std::string mode_;
  std::string distribution_;
  Seed seed_;
};

}  // namespace

Initializer make_variance_scaling(std::string_view class_name, double scale, std::string_view mode,
                                  std::string_view distribution, Seed seed) {
  if (!(scale > 0) || !std::isfinite(scale)) {
    throw ValueError(
        fmt::format("{}: scale must be positive and finite, got {}", class_name, scale));
  }
  if (mode != "fan_in" && mode != "fan_out" && mode != "fan_avg") {
    throw ValueError(
        fmt::format("{}: mode \"{}\" is not one of fan_in, fan_out, fan_avg", class_name, mode));
  }
  if (distribution == "normal") distribution = "truncated_normal";  // as Keras 3
  if (distribution != "uniform" && distribution != "truncated_normal" &&
      distribution != "untruncated_normal") {
    throw ValueError(
        fmt::format("{}: distribution \"{}\" is not one of uniform, "
                    "truncated_normal, untruncated_normal",
                    class_name, distribution));
  }
  return Initializer(
      std::make_shared<VarianceScalingInitializer>(class_name, scale, mode, distribution, seed));
}

}  // namespace layers_detail

namespace layers_detail {
namespace {

struct Preset {
  std::string_view class_name;
  double scale;
  std::string_view mode;
  std::string_view distribution;
};

constexpr Preset kPresets[] = {
    {"GlorotUniform", 1, "fan_avg", "uniform"}, {"GlorotNormal", 1, "fan_avg", "truncated_normal"},
    {"HeUniform", 2, "fan_in", "uniform"},      {"HeNormal", 2, "fan_in", "truncated_normal"},
    {"LecunUniform", 1, "fan_in", "uniform"},   {"LecunNormal", 1, "fan_in", "truncated_normal"},
};

}  // namespace

std::optional<Initializer> make_variance_scaling_preset(std::string_view class_name, Seed seed) {
  for (const Preset& preset : kPresets) {
    if (preset.class_name == class_name) {
      return make_variance_scaling(class_name, preset.scale, preset.mode, preset.distribution,
                                   seed);
    }
  }
  return std::nullopt;
}

}  // namespace layers_detail

namespace {
Initializer preset(std::string_view class_name) {
  return *layers_detail::make_variance_scaling_preset(class_name, std::nullopt);
}
}  // namespace

Initializer GlorotUniform() {
  return preset("GlorotUniform");
}
Initializer GlorotNormal() {
  return preset("GlorotNormal");
}
Initializer HeUniform() {
  return preset("HeUniform");
}
Initializer HeNormal() {
  return preset("HeNormal");
}
Initializer LecunUniform() {
  return preset("LecunUniform");
}
Initializer LecunNormal() {
  return preset("LecunNormal");
}
Initializer VarianceScaling(double scale, std::string_view mode, std::string_view distribution) {
  return layers_detail::make_variance_scaling("VarianceScaling", scale, mode, distribution,
                                              std::nullopt);
}

}  // namespace strata
