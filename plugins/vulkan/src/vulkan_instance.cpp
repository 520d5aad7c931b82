#include "vulkan_instance.hpp"

#include <algorithm>
#include <cstring>

#include "error.hpp"
#include "vk_result.hpp"

namespace strata_vk {
namespace {

constexpr const char* kValidationLayer = "VK_LAYER_KHRONOS_validation";

VKAPI_ATTR VkBool32 VKAPI_CALL on_validation_message(
    VkDebugUtilsMessageSeverityFlagBitsEXT severity, VkDebugUtilsMessageTypeFlagsEXT,
    const VkDebugUtilsMessengerCallbackDataEXT* data, void* user) {
  if ((severity & VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT) != 0 && data != nullptr) {
    static_cast<ValidationLog*>(user)->add(data->pMessage != nullptr ? data->pMessage : "");
  }
  return VK_FALSE;
}

bool has_layer(const GlobalFunctions& global, const char* name) {
  uint32_t count = 0;
  global.vkEnumerateInstanceLayerProperties(&count, nullptr);
  std::vector<VkLayerProperties> layers(count);
  global.vkEnumerateInstanceLayerProperties(&count, layers.data());
  return std::any_of(layers.begin(), layers.begin() + count, [&](const VkLayerProperties& l) {
    return std::strcmp(l.layerName, name) == 0;
  });
}

bool has_instance_extension(const GlobalFunctions& global, const char* name) {
  uint32_t count = 0;
  global.vkEnumerateInstanceExtensionProperties(nullptr, &count, nullptr);
  std::vector<VkExtensionProperties> extensions(count);
  global.vkEnumerateInstanceExtensionProperties(nullptr, &count, extensions.data());
  return std::any_of(
      extensions.begin(), extensions.begin() + count,
      [&](const VkExtensionProperties& e) { return std::strcmp(e.extensionName, name) == 0; });
}

}  // namespace

void ValidationLog::add(std::string message) {
  std::lock_guard lock(mutex_);
  errors_.push_back(std::move(message));
}

std::optional<std::string> ValidationLog::take_first() {
  std::lock_guard lock(mutex_);
  if (errors_.empty()) return std::nullopt;
  std::string first = std::move(errors_.front());
  errors_.clear();
  return first;
}

VulkanInstance::VulkanInstance(bool validation) {
  std::string reason;
  const GlobalFunctions* global = vulkan_loader(&reason);
  if (global == nullptr) throw Failure(STRATA_UNSUPPORTED, "vulkan: " + reason);
  create(*global, validation);
}

void VulkanInstance::create(const GlobalFunctions& global, bool validation) {
  uint32_t loader_version = VK_API_VERSION_1_0;
  if (global.vkEnumerateInstanceVersion != nullptr) {
    global.vkEnumerateInstanceVersion(&loader_version);
  }
  if (loader_version < VK_API_VERSION_1_1) {
    unsupported("vulkan: the Vulkan loader speaks only Vulkan 1.0; Strata needs 1.1 or newer");
  }
  api_version_ = std::min<uint32_t>(loader_version, VK_API_VERSION_1_3);

  std::vector<const char*> layers;
  std::vector<const char*> extensions;
  if (validation) {
    if (!has_layer(global, kValidationLayer)) {
      invalid(
          "vulkan: validation was requested (setting \"validation\" or "
          "STRATA_VULKAN_VALIDATION) but {} is not installed; install the "
          "vulkan-validationlayers package or turn validation off",
          kValidationLayer);
    }
    layers.push_back(kValidationLayer);
    extensions.push_back(VK_EXT_DEBUG_UTILS_EXTENSION_NAME);
  }
  VkInstanceCreateFlags flags = 0;
  if (has_instance_extension(global, VK_KHR_PORTABILITY_ENUMERATION_EXTENSION_NAME)) {
    extensions.push_back(VK_KHR_PORTABILITY_ENUMERATION_EXTENSION_NAME);
    flags |= VK_INSTANCE_CREATE_ENUMERATE_PORTABILITY_BIT_KHR;
  }

  auto app = make_struct<VkApplicationInfo>(VK_STRUCTURE_TYPE_APPLICATION_INFO);
  app.pApplicationName = "strata";
  app.pEngineName = "strata";
  app.apiVersion = api_version_;
  auto info = make_struct<VkInstanceCreateInfo>(VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO);
  info.flags = flags;
  info.pApplicationInfo = &app;
  info.enabledLayerCount = static_cast<uint32_t>(layers.size());
  info.ppEnabledLayerNames = layers.data();
  info.enabledExtensionCount = static_cast<uint32_t>(extensions.size());
  info.ppEnabledExtensionNames = extensions.data();
  const VkResult result = global.vkCreateInstance(&info, nullptr, &instance_);
  if (result == VK_ERROR_INCOMPATIBLE_DRIVER) {
    unsupported(
        "vulkan: no Vulkan driver is installed (vkCreateInstance: "
        "VK_ERROR_INCOMPATIBLE_DRIVER); install one, e.g. mesa-vulkan-drivers");
  }
  check(result, "vkCreateInstance");
  try {
    load_instance_functions(global, instance_, fns_);
    if (validation) {
      if (fns_.vkCreateDebugUtilsMessengerEXT == nullptr) {
        fail(STRATA_INTERNAL,
             "vulkan: validation is on but the loader has no "
             "vkCreateDebugUtilsMessengerEXT");
      }
      auto m = make_struct<VkDebugUtilsMessengerCreateInfoEXT>(
          VK_STRUCTURE_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT);
      m.messageSeverity = VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT |
                          VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT;
      m.messageType = VK_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT |
                      VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT;
      m.pfnUserCallback = on_validation_message;
      m.pUserData = &log_;
      check(fns_.vkCreateDebugUtilsMessengerEXT(instance_, &m, nullptr, &messenger_),
            "vkCreateDebugUtilsMessengerEXT");
    }
  } catch (...) {
    if (fns_.vkDestroyInstance != nullptr) fns_.vkDestroyInstance(instance_, nullptr);
    throw;
  }
}

VulkanInstance::~VulkanInstance() {
  if (messenger_ != VK_NULL_HANDLE) {
    fns_.vkDestroyDebugUtilsMessengerEXT(instance_, messenger_, nullptr);
  }
  fns_.vkDestroyInstance(instance_, nullptr);
}

}  // namespace strata_vk
