#include "vulkan_api.hpp"

#define BOOST_DLL_USE_STD_FS
#include <boost/dll/shared_library.hpp>
#include <mutex>

#include "error.hpp"

namespace strata_vk {
namespace {

constexpr const char* kLoaderFile = "libvulkan.so.1";

struct Loader {
  boost::dll::shared_library library;
  GlobalFunctions functions;
  std::string reason;  // empty when `functions` is usable
};

Loader& open_loader() {
  static Loader loader;
  GlobalFunctions& f = loader.functions;
  try {
    loader.library.load(kLoaderFile, boost::dll::load_mode::search_system_folders |
                                         boost::dll::load_mode::rtld_local);
    f.vkGetInstanceProcAddr = loader.library.get<std::remove_pointer_t<PFN_vkGetInstanceProcAddr>>(
        "vkGetInstanceProcAddr");
  } catch (const std::exception& e) {
    loader.reason = fmt::format(
        "no Vulkan loader: cannot use {} ({}); install libvulkan1 and "
        "a Vulkan driver (e.g. mesa-vulkan-drivers)",
        kLoaderFile, e.what());
    return loader;
  }
  auto get = [&](const char* name) { return f.vkGetInstanceProcAddr(VK_NULL_HANDLE, name); };
  f.vkEnumerateInstanceVersion =
      reinterpret_cast<PFN_vkEnumerateInstanceVersion>(get("vkEnumerateInstanceVersion"));
#define STRATA_VK_LOAD_GLOBAL(name) f.name = reinterpret_cast<PFN_##name>(get(#name));
  STRATA_VK_GLOBAL_FUNCTIONS(STRATA_VK_LOAD_GLOBAL)
#undef STRATA_VK_LOAD_GLOBAL
  if (f.vkCreateInstance == nullptr || f.vkEnumerateInstanceLayerProperties == nullptr ||
      f.vkEnumerateInstanceExtensionProperties == nullptr) {
    loader.reason =
        fmt::format("{} is not a usable Vulkan loader: it lacks vkCreateInstance", kLoaderFile);
  }
  return loader;
}

}  // namespace

const GlobalFunctions* vulkan_loader(std::string* reason) {
  static std::once_flag once;
  static Loader* loader = nullptr;
  std::call_once(once, [] { loader = &open_loader(); });
  if (!loader->reason.empty()) {
    *reason = loader->reason;
    return nullptr;
  }
  return &loader->functions;
}

void load_instance_functions(const GlobalFunctions& global, VkInstance instance,
                             InstanceFunctions& fns) {
  auto get = [&](const char* name) { return global.vkGetInstanceProcAddr(instance, name); };
#define STRATA_VK_LOAD_REQUIRED(name)                                  \
  fns.name = reinterpret_cast<PFN_##name>(get(#name));                 \
  if (fns.name == nullptr) {                                           \
    fail(STRATA_INTERNAL,                                              \
         "vulkan: the loader has no {} for this instance (Vulkan 1.1 " \
         "required)",                                                  \
         #name);                                                       \
  }
  STRATA_VK_INSTANCE_FUNCTIONS(STRATA_VK_LOAD_REQUIRED)
#define STRATA_VK_LOAD_OPTIONAL(name) fns.name = reinterpret_cast<PFN_##name>(get(#name));
  STRATA_VK_OPTIONAL_INSTANCE_FUNCTIONS(STRATA_VK_LOAD_OPTIONAL)
#undef STRATA_VK_LOAD_OPTIONAL
}

void load_device_functions(const InstanceFunctions& instance_fns, VkDevice device,
                           DeviceFunctions& fns) {
  auto get = [&](const char* name) { return instance_fns.vkGetDeviceProcAddr(device, name); };
  STRATA_VK_DEVICE_FUNCTIONS(STRATA_VK_LOAD_REQUIRED)
#undef STRATA_VK_LOAD_REQUIRED
#define STRATA_VK_LOAD_OPTIONAL(name) fns.name = reinterpret_cast<PFN_##name>(get(#name));
  STRATA_VK_OPTIONAL_DEVICE_FUNCTIONS(STRATA_VK_LOAD_OPTIONAL)
#undef STRATA_VK_LOAD_OPTIONAL
}

}  // namespace strata_vk
