#include "device.hpp"

#include <vector>

#include "error.hpp"
#include "vk_result.hpp"

namespace strata_vk {

Device::Device(const Settings& settings)
    : instance_(std::make_unique<VulkanInstance>(settings.validation)) {
  const std::vector<PhysicalDevice> devices = list_devices(*instance_);
  physical_ = choose_device(devices, settings);
  physical_.features.subgroup_shuffle = physical_.features.subgroup_shuffle && settings.subgroups;
  if (!settings.cooperative_matrix) physical_.features.coop_f16 = false;
  physical_.features.pipeline_statistics =
      physical_.features.pipeline_statistics && settings.pipeline_statistics;
  const InstanceFunctions& ivk = instance_->fns();
  ivk.vkGetPhysicalDeviceMemoryProperties(physical_.handle, &memory_);

  const float priority = 1.0f;
  auto queue = make_struct<VkDeviceQueueCreateInfo>(VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO);
  queue.queueFamilyIndex = static_cast<uint32_t>(physical_.compute_family);
  queue.queueCount = 1;
  queue.pQueuePriorities = &priority;

  const DeviceFeatures& f = physical_.features;
  auto storage8 = make_struct<VkPhysicalDevice8BitStorageFeatures>(
      VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_8BIT_STORAGE_FEATURES);
  storage8.storageBuffer8BitAccess = f.storage8 ? VK_TRUE : VK_FALSE;
  auto storage16 = make_struct<VkPhysicalDevice16BitStorageFeatures>(
      VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_16BIT_STORAGE_FEATURES);
  storage16.storageBuffer16BitAccess = f.storage16 ? VK_TRUE : VK_FALSE;
  if (f.storage8) storage16.pNext = &storage8;
  auto features =
      make_struct<VkPhysicalDeviceFeatures2>(VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2);
  features.pNext = &storage16;
  features.features.shaderInt64 = f.int64 ? VK_TRUE : VK_FALSE;

  std::vector<const char*> extensions;
  if (f.storage8_by_extension) extensions.push_back(VK_KHR_8BIT_STORAGE_EXTENSION_NAME);
  // The f16 GEMM's matrix-unit variant: the extension, its feature and f16 arithmetic.
  auto coop = make_struct<VkPhysicalDeviceCooperativeMatrixFeaturesNV>(
      VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_COOPERATIVE_MATRIX_FEATURES_NV);
  auto float16 = make_struct<VkPhysicalDeviceShaderFloat16Int8Features>(
      VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SHADER_FLOAT16_INT8_FEATURES);
  if (f.coop_f16) {
    coop.cooperativeMatrix = VK_TRUE;
    float16.shaderFloat16 = VK_TRUE;
    float16.pNext = &coop;
    coop.pNext = features.pNext;
    features.pNext = &float16;
    extensions.push_back(VK_NV_COOPERATIVE_MATRIX_EXTENSION_NAME);
  }
  auto statistics = make_struct<VkPhysicalDevicePipelineExecutablePropertiesFeaturesKHR>(
      VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PIPELINE_EXECUTABLE_PROPERTIES_FEATURES_KHR);
  if (f.pipeline_statistics) {
    statistics.pipelineExecutableInfo = VK_TRUE;
    statistics.pNext = features.pNext;
    features.pNext = &statistics;
    extensions.push_back(VK_KHR_PIPELINE_EXECUTABLE_PROPERTIES_EXTENSION_NAME);
  }
  auto info = make_struct<VkDeviceCreateInfo>(VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO);
  info.pNext = &features;
  info.queueCreateInfoCount = 1;
  info.pQueueCreateInfos = &queue;
  info.enabledExtensionCount = static_cast<uint32_t>(extensions.size());
  info.ppEnabledExtensionNames = extensions.data();
  check(ivk.vkCreateDevice(physical_.handle, &info, nullptr, &device_), "vkCreateDevice");
  try {
    load_device_functions(ivk, device_, fns_);
  } catch (...) {
    PFN_vkDestroyDevice destroy =
        reinterpret_cast<PFN_vkDestroyDevice>(ivk.vkGetDeviceProcAddr(device_, "vkDestroyDevice"));
    if (destroy != nullptr) destroy(device_, nullptr);
    throw;
  }
  fns_.vkGetDeviceQueue(device_, queue.queueFamilyIndex, 0, &queue_);
}

Device::~Device() {
  fns_.vkDeviceWaitIdle(device_);
  fns_.vkDestroyDevice(device_, nullptr);
}

}  // namespace strata_vk
