// A VkInstance of Vulkan 1.1 or newer, optionally with the Khronos validation layer, whose
// error messages are kept for the stream to report as failures.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "vulkan_api.hpp"

namespace strata_vk {

// Validation errors, reported by the layer on any thread, taken by the stream.
class ValidationLog {
 public:
  void add(std::string message);
  std::optional<std::string> take_first();

 private:
  std::mutex mutex_;
  std::vector<std::string> errors_;
};

class VulkanInstance {
 public:
  // Throws Failure: UNSUPPORTED without a usable loader or a 1.1 instance, INVALID_ARGUMENT
  // when validation is asked for but the layer is not installed.
  explicit VulkanInstance(bool validation);
  ~VulkanInstance();
  VulkanInstance(const VulkanInstance&) = delete;
  VulkanInstance& operator=(const VulkanInstance&) = delete;

  VkInstance handle() const { return instance_; }
  const InstanceFunctions& fns() const { return fns_; }
  uint32_t api_version() const { return api_version_; }
  ValidationLog& validation_log() { return log_; }

 private:
  void create(const GlobalFunctions& global, bool validation);

  InstanceFunctions fns_;
  VkInstance instance_ = VK_NULL_HANDLE;
  VkDebugUtilsMessengerEXT messenger_ = VK_NULL_HANDLE;
  uint32_t api_version_ = 0;
  ValidationLog log_;
};

}  // namespace strata_vk
