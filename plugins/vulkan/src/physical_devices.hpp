// The physical devices of an instance, what each can do for Strata, which one to use, how it
// scores for `auto`, and one line describing it for `strata info`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "settings.hpp"
#include "vulkan_instance.hpp"

namespace strata_vk {

// The optional device features the shaders use (see shaders/dtype.glsl).
struct DeviceFeatures {
  bool int64 = false;                  // shaderInt64: I64 arithmetic, integer reductions
  bool storage16 = false;              // storageBuffer16BitAccess: F16, BF16
  bool storage8 = false;               // storageBuffer8BitAccess: U8
  bool storage8_by_extension = false;  // ...through VK_KHR_8bit_storage (a 1.1 device)
  bool subgroup_shuffle = false;       // compute-stage subgroup shuffles for reductions
  uint32_t subgroup_size = 1;
  uint64_t max_binding = 0;  // maxStorageBufferRange: the most bytes one tensor may span
  // The f16 GEMM can run on the matrix units (VK_NV_cooperative_matrix with the 16x8x16
  // f16 x f16 + f32 fragment at subgroup scope, subgroups of 32, shaderFloat16). The NV
  // extension rather than VK_KHR_cooperative_matrix because Debian 12's glslc (shaderc 2023.2)
  // compiles only GL_NV_cooperative_matrix; the two drive the same units.
  bool coop_f16 = false;
  bool cooperative_matrix_khr = false;  // VK_KHR_cooperative_matrix is offered (shown only)
  bool pipeline_statistics = false;     // VK_KHR_pipeline_executable_properties (tuning only)
};

struct PhysicalDevice {
  VkPhysicalDevice handle = VK_NULL_HANDLE;
  uint32_t index = 0;  // in vkEnumeratePhysicalDevices order: the "device" setting's index
  VkPhysicalDeviceProperties properties{};
  std::string driver;           // "llvmpipe Mesa 22.3.6 (LLVM 15.0.6)"
  uint64_t memory_bytes = 0;    // the largest device-local heap
  uint64_t max_allocation = 0;  // maxMemoryAllocationSize
  int32_t compute_family = -1;  // a queue family with compute, or -1
  DeviceFeatures features;
  std::string problem;  // why Strata cannot use it; empty when it can

  std::string name() const { return properties.deviceName; }
  bool usable() const { return problem.empty(); }
};

std::vector<PhysicalDevice> list_devices(const VulkanInstance& instance);

// The device the settings ask for, else the best usable one by type. Throws Failure
// (INVALID_ARGUMENT for a setting that names no device, UNSUPPORTED when nothing is usable),
// listing the devices.
const PhysicalDevice& choose_device(const std::vector<PhysicalDevice>& devices,
                                    const Settings& settings);

// 100 for a GPU (discrete, integrated or virtual), 5 for a CPU device such as lavapipe, so
// `auto` prefers both CPU backends to a software rasteriser; 0 when unusable.
int32_t device_score(const PhysicalDevice& device);

// "llvmpipe (LLVM 15.0.6, 256 bits), a CPU device, driver llvmpipe Mesa 22.3.6, Vulkan 1.3.230,
// 2048 MiB, subgroup size 8, dtypes f32 f16 bf16 i32 i64 u8, no cooperative matrix"; a device
// with matrix units ends "cooperative matrix 16x8x16 for f16 GEMM (VK_NV_cooperative_matrix)".
std::string describe(const PhysicalDevice& device);

}  // namespace strata_vk
