// keras.optimizers: the five optimizers with Keras 3's defaults, lookup by name, and rebuilding
// from get_config().
#include "strata/keras/optimizers.hpp"

#include <fmt/format.h>

#include <array>

#include "config_reader.hpp"
#include "fused_optimizer.hpp"
#include "lower_case.hpp"
#include "strata/op_error.hpp"

namespace strata {
namespace {

using training_detail::ConfigReader;
using training_detail::FusedOptimizer;
using training_detail::lower_case;
using training_detail::OptimizerSpec;

Optimizer make(OptimizerSpec spec) {
  return Optimizer(std::make_shared<FusedOptimizer>(std::move(spec)));
}

OptimizerStep rule(strata_optimizer_op kind, double learning_rate) {
  OptimizerStep step;
  step.kind = kind;
  step.learning_rate = learning_rate;
  return step;
}

// The options every Keras 3 optimizer's config carries, read for any of them.
double read_common(ConfigReader& reader, double default_learning_rate, ClipOptions& clip) {
  reader.string("name", "");
  clip.clipnorm = reader.optional_number("clipnorm");
  clip.clipvalue = reader.optional_number("clipvalue");
  clip.global_clipnorm = reader.optional_number("global_clipnorm");
  reader.require_default("use_ema", false);
  reader.number("ema_momentum", 0.99);                // unused without use_ema
  reader.optional_number("ema_overwrite_frequency");  // unused without use_ema
  reader.require_default("loss_scale_factor", nullptr);
  reader.require_default("gradient_accumulation_steps", nullptr);
  return reader.number("learning_rate", default_learning_rate);
}

// weight_decay is decoupled decay, which only AdamW's fused rule applies.
void refuse_weight_decay(ConfigReader& reader) {
  const std::optional<double> decay = reader.optional_number("weight_decay");
  if (decay && *decay != 0) {
    throw ValueError(
        fmt::format("optimizer config: weight_decay {} is supported by AdamW only; "
                    "use AdamW, or set it to null",
                    *decay));
  }
}

Optimizer sgd_from(ConfigReader& reader) {
  SGDOptions options;
  const double lr = read_common(reader, 0.01, options.clip);
  refuse_weight_decay(reader);
  options.momentum = reader.number("momentum", options.momentum);
  options.nesterov = reader.boolean("nesterov", options.nesterov);
  return SGD(lr, options);
}

template <typename Options>
void read_adam_rule(ConfigReader& reader, Options& options) {
  options.beta_1 = reader.number("beta_1", options.beta_1);
  options.beta_2 = reader.number("beta_2", options.beta_2);
  options.epsilon = reader.number("epsilon", options.epsilon);
  reader.require_default("amsgrad", false);
}

Optimizer adam_from(ConfigReader& reader) {
  AdamOptions options;
  const double lr = read_common(reader, 0.001, options.clip);
  refuse_weight_decay(reader);
  read_adam_rule(reader, options);
  return Adam(lr, options);
}

Optimizer adamw_from(ConfigReader& reader) {
  AdamWOptions options;
  const double lr = read_common(reader, 0.001, options.clip);
  options.weight_decay = reader.number("weight_decay", options.weight_decay);
  read_adam_rule(reader, options);
  return AdamW(lr, options);
}

Optimizer rmsprop_from(ConfigReader& reader) {
  RMSpropOptions options;
  const double lr = read_common(reader, 0.001, options.clip);
  refuse_weight_decay(reader);
  options.rho = reader.number("rho", options.rho);
  options.momentum = reader.number("momentum", options.momentum);
  options.epsilon = reader.number("epsilon", options.epsilon);
  reader.require_default("centered", false);
  return RMSprop(lr, options);
}

Optimizer adagrad_from(ConfigReader& reader) {
  AdagradOptions options;
  const double lr = read_common(reader, 0.001, options.clip);
  refuse_weight_decay(reader);
  options.initial_accumulator_value =
      reader.number("initial_accumulator_value", options.initial_accumulator_value);
  options.epsilon = reader.number("epsilon", options.epsilon);
  return Adagrad(lr, options);
}

struct KnownOptimizer {
  std::string_view class_name;
  Optimizer (*make_default)();
  Optimizer (*from_config)(ConfigReader&);
};

constexpr std::array<KnownOptimizer, 5> kOptimizers{{
    {"SGD", [] { return SGD(); }, sgd_from},
    {"Adam", [] { return Adam(); }, adam_from},
    {"AdamW", [] { return AdamW(); }, adamw_from},
    {"RMSprop", [] { return RMSprop(); }, rmsprop_from},
    {"Adagrad", [] { return Adagrad(); }, adagrad_from},
}};

// Keras accepts "adam" and "Adam" alike.
const KnownOptimizer& known(std::string_view name, const char* what) {
  for (const KnownOptimizer& entry : kOptimizers) {
    if (lower_case(name) == lower_case(entry.class_name)) return entry;
  }
  throw ValueError(
      fmt::format("Could not interpret optimizer {}: \"{}\"; the optimizers are "
                  "sgd, adam, adamw, rmsprop and adagrad",
                  what, name));
}

// Adam's update, which AdamW shares (it adds decoupled weight decay).
OptimizerStep adam_step(double learning_rate, double beta_1, double beta_2, double epsilon) {
  OptimizerStep step = rule(STRATA_OPTIMIZER_ADAM, learning_rate);
  step.beta1 = beta_1;
  step.beta2 = beta_2;
  step.epsilon = epsilon;
  return step;
}

}  // namespace

Optimizer::Optimizer(std::string_view name) : Optimizer(known(name, "name").make_default()) {}

Optimizer SGD(double learning_rate, SGDOptions options) {
  OptimizerStep step = rule(STRATA_OPTIMIZER_SGD, learning_rate);
  step.momentum = options.momentum;
  step.nesterov = options.nesterov;
  return make({"SGD",
               "SGD",
               step,
               options.clip,
               0,
               {{"momentum", options.momentum}, {"nesterov", options.nesterov}}});
}

Optimizer Adam(double learning_rate, AdamOptions options) {
  const OptimizerStep step =
      adam_step(learning_rate, options.beta_1, options.beta_2, options.epsilon);
  return make({"Adam",
               "adam",
               step,
               options.clip,
               0,
               {{"beta_1", options.beta_1},
                {"beta_2", options.beta_2},
                {"epsilon", options.epsilon},
                {"amsgrad", false}}});
}

Optimizer AdamW(double learning_rate, AdamWOptions options) {
  OptimizerStep step = adam_step(learning_rate, options.beta_1, options.beta_2, options.epsilon);
  step.weight_decay = options.weight_decay;
  return make({"AdamW",
               "adamw",
               step,
               options.clip,
               0,
               {{"weight_decay", options.weight_decay},
                {"beta_1", options.beta_1},
                {"beta_2", options.beta_2},
                {"epsilon", options.epsilon},
                {"amsgrad", false}}});
}

Optimizer RMSprop(double learning_rate, RMSpropOptions options) {
  OptimizerStep step = rule(STRATA_OPTIMIZER_RMSPROP, learning_rate);
  step.rho = options.rho;
  step.momentum = options.momentum;
  step.epsilon = options.epsilon;
  return make({"RMSprop",
               "rmsprop",
               step,
               options.clip,
               0,
               {{"rho", options.rho},
                {"momentum", options.momentum},
                {"epsilon", options.epsilon},
                {"centered", false}}});
}

Optimizer Adagrad(double learning_rate, AdagradOptions options) {
  OptimizerStep step = rule(STRATA_OPTIMIZER_ADAGRAD, learning_rate);
  step.epsilon = options.epsilon;
  return make({"Adagrad",
               "adagrad",
               step,
               options.clip,
               options.initial_accumulator_value,
               {{"initial_accumulator_value", options.initial_accumulator_value},
                {"epsilon", options.epsilon}}});
}

Optimizer optimizer_from_config(std::string_view class_name, const boost::json::object& config) {
  const KnownOptimizer& entry = known(class_name, "class");
  ConfigReader reader(fmt::format("{} config", entry.class_name), config);
  Optimizer optimizer = entry.from_config(reader);
  reader.finish();
  return optimizer;
}

}  // namespace strata
