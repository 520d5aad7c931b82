// For the tests that train Keras models on the Vulkan backend: contexts on the vulkan and the
// reference plugins, a private config folder (and no STRATA_BACKEND) for the whole process,
// and a model's weights as host floats.
#pragma once

#include <vector>

#include "strata/context.hpp"
#include "strata/keras/model.hpp"

namespace strata_vk_test {

// Contexts shared by the tests of one process (pipelines are compiled once per instance).
// vulkan_context() needs a usable device: call SKIP_WITHOUT_VULKAN() first.
strata::Context& vulkan_context();
strata::Context& reference_context();

// Every weight's values in weight order, converted to float.
std::vector<float> weight_values(const strata::Model& model);

}  // namespace strata_vk_test
