// The models the model-file targets and their seed files share.
#pragma once

#include "strata/keras/model.hpp"

namespace strata_fuzz {

// What the weights target loads into: two named Dense layers and a BatchNormalization (weights
// that are not all trainable), 4 -> 3 -> 2.
strata::Sequential weights_target_model();

// A functional model with a shared layer and a merge, compiled with Adam: the seed of the
// model target, whose architecture JSON covers inbound nodes and a compile config.
strata::Model functional_seed_model();

}  // namespace strata_fuzz
