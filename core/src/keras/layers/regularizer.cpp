// L1/L2 weight penalties, as keras.regularizers.L1L2 computes them.
#include <fmt/format.h>

#include <boost/json/serialize.hpp>
#include <cmath>

#include "config_reader.hpp"
#include "strata/keras/regularizers.hpp"
#include "strata/ops.hpp"

namespace strata {
namespace {

double penalty_factor(layers_detail::ConfigReader& config, std::string_view key) {
  const double value = config.get(key, 0.0);
  if (!(value >= 0) || !std::isfinite(value)) {
    throw ValueError(
        fmt::format("{}: \"{}\" must be a finite number >= 0, got {}", config.what(), key, value));
  }
  return value;
}

Regularizer from_object(const boost::json::object& serialized) {
  const boost::json::value* class_name = serialized.if_contains("class_name");
  const boost::json::value* config = serialized.if_contains("config");
  if (class_name == nullptr || !class_name->is_string() || (config && !config->is_object())) {
    throw ValueError(
        fmt::format("regularizer config: expected {{\"class_name\": \"L1L2\", "
                    "\"config\": {{\"l1\": ..., \"l2\": ...}}}}, got {}",
                    boost::json::serialize(serialized)));
  }
  const std::string_view name = class_name->get_string();
  if (name != "L1" && name != "L2" && name != "L1L2") {
    throw ValueError(
        fmt::format("regularizer config: unknown class_name \"{}\"; known: L1, L2, "
                    "L1L2",
                    name));
  }
  static const boost::json::object empty;
  layers_detail::ConfigReader reader(fmt::format("{} regularizer config", name),
                                     config ? config->get_object() : empty);
  const double l1 = name == "L2" ? 0 : penalty_factor(reader, "l1");
  const double l2 = name == "L1" ? 0 : penalty_factor(reader, "l2");
  reader.finish();
  return {l1, l2};
}

}  // namespace

Tensor Regularizer::operator()(const Tensor& weight) const {
  const Tensor l1_term = l1_ != 0 ? l1_ * ops::sum(ops::abs(weight)) : Tensor();
  const Tensor l2_term = l2_ != 0 ? l2_ * ops::sum(ops::square(weight)) : Tensor();
  if (l1_term.defined() && l2_term.defined()) return l1_term + l2_term;
  if (l1_term.defined() || l2_term.defined()) return l1_term.defined() ? l1_term : l2_term;
  return with_backend(weight.context(), [&] { return Tensor::scalar(0, weight.dtype()); });
}

boost::json::value Regularizer::to_json() const {
  if (!active()) return nullptr;
  return boost::json::object{{"class_name", "L1L2"},
                             {"config", boost::json::object{{"l1", l1_}, {"l2", l2_}}}};
}

Regularizer Regularizer::from_json(const boost::json::value& serialized) {
  if (serialized.is_null()) return {};
  if (serialized.is_string()) {
    const std::string_view name = serialized.get_string();
    if (name == "l1") return L1();
    if (name == "l2") return L2();
    if (name == "l1_l2") return L1L2();
    throw ValueError(fmt::format("unknown regularizer \"{}\"; valid names: l1, l2, l1_l2", name));
  }
  if (!serialized.is_object()) {
    throw ValueError(fmt::format("regularizer config: expected null, a name or an object, got {}",
                                 boost::json::serialize(serialized)));
  }
  return from_object(serialized.get_object());
}

}  // namespace strata
