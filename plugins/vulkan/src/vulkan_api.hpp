// The Vulkan API without linking libvulkan: the loader library (libvulkan.so.1) is opened at
// run time, once per process, and every entry point is fetched through vkGetInstanceProcAddr
// and vkGetDeviceProcAddr into the tables below. A machine without Vulkan still loads the
// plugin; it just probes 0 with the reason.
#pragma once

#define VK_NO_PROTOTYPES
#include <vulkan/vulkan.h>

#include <string>

namespace strata_vk {

#define STRATA_VK_GLOBAL_FUNCTIONS(X)   \
  X(vkCreateInstance)                   \
  X(vkEnumerateInstanceLayerProperties) \
  X(vkEnumerateInstanceExtensionProperties)

#define STRATA_VK_INSTANCE_FUNCTIONS(X)       \
  X(vkDestroyInstance)                        \
  X(vkEnumeratePhysicalDevices)               \
  X(vkGetPhysicalDeviceProperties)            \
  X(vkGetPhysicalDeviceProperties2)           \
  X(vkGetPhysicalDeviceFeatures2)             \
  X(vkGetPhysicalDeviceMemoryProperties)      \
  X(vkGetPhysicalDeviceQueueFamilyProperties) \
  X(vkEnumerateDeviceExtensionProperties)     \
  X(vkCreateDevice)                           \
  X(vkGetDeviceProcAddr)

// Optional: NULL when the instance lacks them. The debug functions are present only when the
// instance enabled VK_EXT_debug_utils (validation); the cooperative-matrix query only where a
// driver offers VK_NV_cooperative_matrix.
#define STRATA_VK_OPTIONAL_INSTANCE_FUNCTIONS(X) \
  X(vkCreateDebugUtilsMessengerEXT)              \
  X(vkDestroyDebugUtilsMessengerEXT)             \
  X(vkGetPhysicalDeviceCooperativeMatrixPropertiesNV)

#define STRATA_VK_DEVICE_FUNCTIONS(X) \
  X(vkDestroyDevice)                  \
  X(vkGetDeviceQueue)                 \
  X(vkDeviceWaitIdle)                 \
  X(vkAllocateMemory)                 \
  X(vkFreeMemory)                     \
  X(vkMapMemory)                      \
  X(vkUnmapMemory)                    \
  X(vkFlushMappedMemoryRanges)        \
  X(vkInvalidateMappedMemoryRanges)   \
  X(vkCreateBuffer)                   \
  X(vkDestroyBuffer)                  \
  X(vkGetBufferMemoryRequirements)    \
  X(vkBindBufferMemory)               \
  X(vkCreateShaderModule)             \
  X(vkDestroyShaderModule)            \
  X(vkCreatePipelineCache)            \
  X(vkDestroyPipelineCache)           \
  X(vkCreateComputePipelines)         \
  X(vkDestroyPipeline)                \
  X(vkCreatePipelineLayout)           \
  X(vkDestroyPipelineLayout)          \
  X(vkCreateDescriptorSetLayout)      \
  X(vkDestroyDescriptorSetLayout)     \
  X(vkCreateDescriptorPool)           \
  X(vkDestroyDescriptorPool)          \
  X(vkResetDescriptorPool)            \
  X(vkAllocateDescriptorSets)         \
  X(vkUpdateDescriptorSets)           \
  X(vkCreateCommandPool)              \
  X(vkDestroyCommandPool)             \
  X(vkAllocateCommandBuffers)         \
  X(vkResetCommandBuffer)             \
  X(vkBeginCommandBuffer)             \
  X(vkEndCommandBuffer)               \
  X(vkCmdBindPipeline)                \
  X(vkCmdBindDescriptorSets)          \
  X(vkCmdDispatch)                    \
  X(vkCmdPipelineBarrier)             \
  X(vkCmdCopyBuffer)                  \
  X(vkCmdFillBuffer)                  \
  X(vkCreateFence)                    \
  X(vkDestroyFence)                   \
  X(vkResetFences)                    \
  X(vkWaitForFences)                  \
  X(vkGetFenceStatus)                 \
  X(vkQueueSubmit)

// Optional: NULL unless the device enabled VK_KHR_pipeline_executable_properties (asked for
// with STRATA_VULKAN_PIPELINE_STATS=1).
#define STRATA_VK_OPTIONAL_DEVICE_FUNCTIONS(X) \
  X(vkGetPipelineExecutablePropertiesKHR)      \
  X(vkGetPipelineExecutableStatisticsKHR)

#define STRATA_VK_DECLARE(name) PFN_##name name = nullptr;

// Entry points that need no instance, plus the loader's own lookup function.
struct GlobalFunctions {
  PFN_vkGetInstanceProcAddr vkGetInstanceProcAddr = nullptr;
  PFN_vkEnumerateInstanceVersion vkEnumerateInstanceVersion = nullptr;  // NULL: a 1.0 loader
  STRATA_VK_GLOBAL_FUNCTIONS(STRATA_VK_DECLARE)
};

struct InstanceFunctions {
  STRATA_VK_INSTANCE_FUNCTIONS(STRATA_VK_DECLARE)
  STRATA_VK_OPTIONAL_INSTANCE_FUNCTIONS(STRATA_VK_DECLARE)
};

struct DeviceFunctions {
  STRATA_VK_DEVICE_FUNCTIONS(STRATA_VK_DECLARE)
  STRATA_VK_OPTIONAL_DEVICE_FUNCTIONS(STRATA_VK_DECLARE)
};

// A zeroed Vulkan struct with its sType set.
template <typename T>
T make_struct(VkStructureType type) {
  T s{};
  s.sType = type;
  return s;
}

// The loader's entry points, or nullptr with `*reason` saying why there are none (no
// libvulkan.so.1, or it lacks a function every Vulkan loader has). Thread-safe; the library
// stays loaded for the life of the process.
const GlobalFunctions* vulkan_loader(std::string* reason);

// Fills `fns` for `instance`; throws Failure(INTERNAL) naming a missing required entry point.
void load_instance_functions(const GlobalFunctions& global, VkInstance instance,
                             InstanceFunctions& fns);
// Fills `fns` for `device`, likewise.
void load_device_functions(const InstanceFunctions& instance_fns, VkDevice device,
                           DeviceFunctions& fns);

}  // namespace strata_vk
