// keras.losses: the Loss handle, lookup by name and rebuilding from get_config().
#include "strata/keras/losses.hpp"

#include <fmt/format.h>

#include <array>
#include <string>

#include "config_reader.hpp"
#include "lower_case.hpp"
#include "strata/op_error.hpp"
#include "strata/ops.hpp"

namespace strata {
namespace {

using training_detail::ConfigReader;
using training_detail::lower_case;

// The keys Keras 3 writes for every loss, at the only values Strata implements.
void read_common(ConfigReader& reader) {
  reader.string("name", "");
  reader.require_default("reduction", "sum_over_batch_size");
  reader.require_default("dtype", nullptr);
}

// Crossentropies also write label smoothing and the class axis.
bool read_crossentropy(ConfigReader& reader) {
  read_common(reader);
  reader.require_default("label_smoothing", 0);
  reader.require_default("axis", -1);
  return reader.boolean("from_logits", false);
}

struct KnownLoss {
  std::array<std::string_view, 4> names;  // lower-case; Keras's class name among them
  Loss (*make_default)();
  Loss (*from_config)(ConfigReader&);
};

const std::array<KnownLoss, 6> kLosses{{
    {{"mean_squared_error", "mse", "meansquarederror"},
     [] { return MeanSquaredError(); },
     [](ConfigReader& r) {
       read_common(r);
       return MeanSquaredError();
     }},
    {{"mean_absolute_error", "mae", "meanabsoluteerror"},
     [] { return MeanAbsoluteError(); },
     [](ConfigReader& r) {
       read_common(r);
       return MeanAbsoluteError();
     }},
    {{"huber", "huber_loss"},
     [] { return Huber(); },
     [](ConfigReader& r) {
       read_common(r);
       return Huber(r.number("delta", 1.0));
     }},
    {{"binary_crossentropy", "binarycrossentropy"},
     [] { return BinaryCrossentropy(); },
     [](ConfigReader& r) { return BinaryCrossentropy(read_crossentropy(r)); }},
    {{"categorical_crossentropy", "categoricalcrossentropy"},
     [] { return CategoricalCrossentropy(); },
     [](ConfigReader& r) { return CategoricalCrossentropy(read_crossentropy(r)); }},
    {{"sparse_categorical_crossentropy", "sparsecategoricalcrossentropy"},
     [] { return SparseCategoricalCrossentropy(); },
     [](ConfigReader& r) {
       r.require_default("ignore_class", nullptr);
       return SparseCategoricalCrossentropy(read_crossentropy(r));
     }},
}};

const KnownLoss& known(std::string_view name) {
  const std::string key = lower_case(name);
  for (const KnownLoss& entry : kLosses) {
    for (const std::string_view alias : entry.names) {
      if (!alias.empty() && alias == key) return entry;
    }
  }
  throw ValueError(fmt::format(
      "Could not interpret loss identifier: \"{}\"; the losses are mean_squared_error (mse), "
      "mean_absolute_error (mae), huber, binary_crossentropy, categorical_crossentropy and "
      "sparse_categorical_crossentropy",
      name));
}

}  // namespace

Loss::Loss(std::string_view name) : Loss(known(name).make_default()) {}

Tensor Loss::operator()(const Tensor& y_true, const Tensor& y_pred) const {
  if (!impl_) throw ValueError("loss: this Loss handle is empty");
  return ops::mean(impl_->per_sample(y_true, y_pred));
}

Loss loss_from_config(std::string_view name, const boost::json::object& config) {
  const KnownLoss& entry = known(name);
  ConfigReader reader(fmt::format("{} config", entry.names[0]), config);
  Loss loss = entry.from_config(reader);
  reader.finish();
  return loss;
}

}  // namespace strata
