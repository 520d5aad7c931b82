// strata/keras.hpp: everything a Keras-style program uses, in one include.
//
//   #include <strata/keras.hpp>
//   using namespace strata;
//   Sequential model({Input({784}), Dense(128, "relu"), Dense(10, "softmax")});
#pragma once

#include "strata/context.hpp"
#include "strata/keras/callbacks.hpp"
#include "strata/keras/datasets.hpp"
#include "strata/keras/initializers.hpp"
#include "strata/keras/keras_tensor.hpp"
#include "strata/keras/layers.hpp"
#include "strata/keras/losses.hpp"
#include "strata/keras/metrics.hpp"
#include "strata/keras/model.hpp"
#include "strata/keras/npy.hpp"
#include "strata/keras/optimizers.hpp"
#include "strata/keras/regularizers.hpp"
#include "strata/ops.hpp"
#include "strata/tensor.hpp"
