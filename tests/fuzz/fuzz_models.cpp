#include "fuzz_models.hpp"

#include "strata/keras/layers.hpp"
#include "strata/keras/optimizers.hpp"

namespace strata_fuzz {

strata::Sequential weights_target_model() {
  using namespace strata;
  return Sequential({Input({4}), Dense(3, {.activation = "relu", .name = "hidden"}),
                     BatchNormalization({.name = "norm"}), Dense(2, {.name = "out"})});
}

strata::Model functional_seed_model() {
  using namespace strata;
  const KerasTensor a = Input({4});
  const KerasTensor b = Input({4});
  const Dense shared(5, "tanh");
  const KerasTensor joined = Concatenate()({shared(a), shared(b)});
  const KerasTensor out = Add()({Dense(2)(joined), Dense(2)(b)});
  Model model({a, b}, {out});
  model.compile(Adam(0.01), "mean_squared_error", {"mae"});
  return model;
}

}  // namespace strata_fuzz
