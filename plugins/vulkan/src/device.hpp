// The logical device of one backend instance: its own VkInstance, the chosen physical device,
// one compute queue, and the optional features Strata's shaders use, enabled where present.
#pragma once

#include <memory>

#include "physical_devices.hpp"
#include "settings.hpp"
#include "vulkan_api.hpp"
#include "vulkan_instance.hpp"

namespace strata_vk {

class Device {
 public:
  // Throws Failure when there is no usable device or the settings name none.
  explicit Device(const Settings& settings);
  ~Device();
  Device(const Device&) = delete;
  Device& operator=(const Device&) = delete;

  const DeviceFunctions& vk() const { return fns_; }
  VkDevice handle() const { return device_; }
  VkQueue queue() const { return queue_; }
  const PhysicalDevice& physical() const { return physical_; }
  const DeviceFeatures& features() const { return physical_.features; }
  const VkPhysicalDeviceLimits& limits() const { return physical_.properties.limits; }
  const VkPhysicalDeviceMemoryProperties& memory_properties() const { return memory_; }
  ValidationLog& validation_log() { return instance_->validation_log(); }

 private:
  std::unique_ptr<VulkanInstance> instance_;
  PhysicalDevice physical_;
  VkPhysicalDeviceMemoryProperties memory_{};
  DeviceFunctions fns_;
  VkDevice device_ = VK_NULL_HANDLE;
  VkQueue queue_ = VK_NULL_HANDLE;
};

}  // namespace strata_vk
