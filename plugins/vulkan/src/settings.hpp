// The backend's settings, from the "vulkan" section of the host's configuration:
//   "device": 1 (an index into the device list) or "nvidia" (a case-insensitive substring of
//             the device name); default: the best device by type (discrete, integrated,
//             virtual, CPU)
//   "validation": true enables the Khronos validation layer (also STRATA_VULKAN_VALIDATION=1)
//   "subgroups": false makes reductions and softmax fold through shared memory only, for drivers
//             whose subgroup operations misbehave (default: subgroups where the device has them)
//   "cooperative_matrix": false keeps the f16 GEMM off the matrix units (default: on where the
//             device has them), to compare the two or to step around a driver's defect
// STRATA_VULKAN_PIPELINE_STATS=1 in the environment prints each pipeline's compiled statistics
// (registers, spills, as the driver reports them) to stderr when it is created, on drivers with
// VK_KHR_pipeline_executable_properties: for tuning shaders.
#pragma once

#include <strata/backend.h>

#include <cstdint>
#include <optional>
#include <string>

namespace strata_vk {

struct Settings {
  std::optional<uint32_t> device_index;
  std::optional<std::string> device_name;
  bool validation = false;
  bool subgroups = true;
  bool cooperative_matrix = true;
  bool pipeline_statistics = false;
};

// Throws Failure(INVALID_ARGUMENT) for an unknown key or a malformed value. `options` may be
// NULL. STRATA_VULKAN_VALIDATION=1 in the environment turns validation on.
Settings parse_settings(const strata_instance_options* options);

}  // namespace strata_vk
