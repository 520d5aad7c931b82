// Initializers by Keras name and from Keras's serialized form.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <optional>
#include <utility>
#include <vector>

#include "config_reader.hpp"
#include "initializer_impls.hpp"
#include "strata/op_error.hpp"

namespace strata {
namespace {

using Factory = Initializer (*)();

// keras.initializers.get's snake_case names; class names ("GlorotUniform") go through
// from_class.
constexpr std::pair<std::string_view, Factory> kNamed[] = {
    {"glorot_uniform", GlorotUniform},
    {"glorot_normal", GlorotNormal},
    {"he_uniform", HeUniform},
    {"he_normal", HeNormal},
    {"lecun_uniform", LecunUniform},
    {"lecun_normal", LecunNormal},
    {"random_normal", [] { return RandomNormal(); }},
    {"random_uniform", [] { return RandomUniform(); }},
    {"truncated_normal", [] { return TruncatedNormal(); }},
    {"orthogonal", [] { return Orthogonal(); }},
    {"zeros", Zeros},
    {"ones", Ones},
    {"constant", [] { return Constant(0); }},
    {"variance_scaling", [] { return VarianceScaling(); }},
    {"uniform", [] { return RandomUniform(); }},  // Keras: RandomUniform(-0.05, 0.05)
    {"normal", [] { return RandomNormal(); }},    // Keras: RandomNormal(0, 0.05)
};

constexpr std::string_view kClassNames =
    "Zeros, Ones, Constant, RandomUniform, RandomNormal, TruncatedNormal, GlorotUniform, "
    "GlorotNormal, HeUniform, HeNormal, LecunUniform, LecunNormal, Orthogonal, VarianceScaling";

// The initializer of a Keras class from its config; nullopt for an unknown class.
std::optional<Initializer> from_class(std::string_view class_name,
                                      layers_detail::ConfigReader& config) {
  using namespace layers_detail;
  if (class_name == "Zeros") return Zeros();
  if (class_name == "Ones") return Ones();
  if (class_name == "Constant") return Constant(config.get("value", 0.0));
  const Seed seed = config.get("seed", Seed());
  if (class_name == "RandomUniform") {
    return make_random_uniform(config.get("minval", -0.05), config.get("maxval", 0.05), seed);
  }
  if (class_name == "RandomNormal" || class_name == "TruncatedNormal") {
    const double mean = config.get("mean", 0.0), stddev = config.get("stddev", 0.05);
    return class_name == "RandomNormal" ? make_random_normal(mean, stddev, seed)
                                        : make_truncated_normal(mean, stddev, seed);
  }
  if (class_name == "Orthogonal" || class_name == "OrthogonalInitializer") {
    return make_orthogonal(config.get("gain", 1.0), seed);
  }
  if (class_name == "VarianceScaling") {
    return make_variance_scaling(class_name, config.get("scale", 1.0),
                                 config.get("mode", std::string("fan_in")),
                                 config.get("distribution", std::string("truncated_normal")), seed);
  }
  return make_variance_scaling_preset(class_name, seed);
}

}  // namespace

Initializer::Initializer(std::string_view name) {
  for (const auto& [known, factory] : kNamed) {
    if (known == name) {
      *this = factory();
      return;
    }
  }
  static const boost::json::object no_config;
  layers_detail::ConfigReader defaults("initializer", no_config);
  if (std::optional<Initializer> by_class = from_class(name, defaults)) {
    *this = *by_class;
    return;
  }
  std::vector<std::string_view> names;
  for (const auto& entry : kNamed) names.push_back(entry.first);
  throw ValueError(fmt::format("unknown initializer \"{}\"; valid names: {} (or a class name: {})",
                               name, fmt::join(names, ", "), kClassNames));
}

boost::json::object Initializer::to_json() const {
  return {{"class_name", class_name()}, {"config", get_config()}};
}

Initializer initializer_from_config(const boost::json::object& serialized) {
  const boost::json::value* class_name = serialized.if_contains("class_name");
  if (class_name == nullptr || !class_name->is_string()) {
    throw ValueError(
        "initializer config: expected {\"class_name\": \"GlorotUniform\", "
        "\"config\": {...}}, but \"class_name\" is missing or not a string");
  }
  const std::string name(class_name->get_string());
  static const boost::json::object empty;
  const boost::json::value* config = serialized.if_contains("config");
  if (config != nullptr && !config->is_object() && !config->is_null()) {
    throw ValueError(fmt::format("{} initializer config: \"config\" must be an object", name));
  }
  layers_detail::ConfigReader reader(fmt::format("{} initializer config", name),
                                     config && config->is_object() ? config->get_object() : empty);
  std::optional<Initializer> initializer = from_class(name, reader);
  if (!initializer) {
    throw ValueError(
        fmt::format("initializer config: unknown class_name \"{}\"; known: {}", name, kClassNames));
  }
  reader.finish();
  return *initializer;
}

}  // namespace strata
