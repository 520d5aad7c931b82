// Small models and data for the save/load tests: fast on the reference backend.
#pragma once

#include <string>
#include <vector>

#include "strata/keras/layers.hpp"
#include "strata/keras/model.hpp"

namespace strata::io_testing {

// Input(4) -> Dense(8, relu) -> Dense(3, softmax), compiled with Adam and sparse categorical
// cross-entropy; `hidden` changes the first layer's width.
Sequential small_classifier(int64_t hidden = 8);

// Two inputs of 4 features through one shared Dense, concatenated, then a Dense and, added to
// a Dense of the second input, the output (2 values).
Model two_input_model();

// 8 samples of 4 features and their labels 0..2, the same every call.
Tensor features(int64_t samples = 8, int64_t width = 4);
Tensor labels(int64_t samples = 8);

// Every weight's values, layer by layer.
std::vector<std::vector<float>> weight_values(const Model& model);
std::vector<float> values(const Tensor& t);

}  // namespace strata::io_testing
