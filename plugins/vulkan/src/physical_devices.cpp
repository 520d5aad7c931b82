#include "physical_devices.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "error.hpp"

namespace strata_vk {
namespace {

std::string_view type_name(VkPhysicalDeviceType type) {
  switch (type) {
    case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU:
      return "a discrete GPU";
    case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU:
      return "an integrated GPU";
    case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU:
      return "a virtual GPU";
    case VK_PHYSICAL_DEVICE_TYPE_CPU:
      return "a CPU device";
    default:
      return "a device of unknown type";
  }
}

// Lower is preferred: discrete, integrated, virtual, CPU, other.
int type_rank(VkPhysicalDeviceType type) {
  switch (type) {
    case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU:
      return 0;
    case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU:
      return 1;
    case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU:
      return 2;
    case VK_PHYSICAL_DEVICE_TYPE_CPU:
      return 3;
    default:
      return 4;
  }
}

bool has_extension(const InstanceFunctions& vk, VkPhysicalDevice device, const char* name) {
  uint32_t count = 0;
  vk.vkEnumerateDeviceExtensionProperties(device, nullptr, &count, nullptr);
  std::vector<VkExtensionProperties> extensions(count);
  vk.vkEnumerateDeviceExtensionProperties(device, nullptr, &count, extensions.data());
  return std::any_of(
      extensions.begin(), extensions.begin() + count,
      [&](const VkExtensionProperties& e) { return std::strcmp(e.extensionName, name) == 0; });
}

// Properties of Vulkan 1.1 (subgroups, allocation limit) and 1.2 (driver name).
void read_properties(const InstanceFunctions& vk, PhysicalDevice& d) {
  auto driver = make_struct<VkPhysicalDeviceDriverProperties>(
      VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_DRIVER_PROPERTIES);
  auto maintenance3 = make_struct<VkPhysicalDeviceMaintenance3Properties>(
      VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MAINTENANCE_3_PROPERTIES);
  auto subgroup = make_struct<VkPhysicalDeviceSubgroupProperties>(
      VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SUBGROUP_PROPERTIES);
  subgroup.pNext = &maintenance3;
  const bool has_driver = d.properties.apiVersion >= VK_API_VERSION_1_2;
  if (has_driver) maintenance3.pNext = &driver;
  auto properties =
      make_struct<VkPhysicalDeviceProperties2>(VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2);
  properties.pNext = &subgroup;
  vk.vkGetPhysicalDeviceProperties2(d.handle, &properties);

  d.max_allocation = maintenance3.maxMemoryAllocationSize;
  d.features.max_binding = d.properties.limits.maxStorageBufferRange;
  d.features.subgroup_size = std::max(subgroup.subgroupSize, 1u);
  constexpr VkSubgroupFeatureFlags kNeeded =
      VK_SUBGROUP_FEATURE_BASIC_BIT | VK_SUBGROUP_FEATURE_SHUFFLE_RELATIVE_BIT;
  d.features.subgroup_shuffle = (subgroup.supportedStages & VK_SHADER_STAGE_COMPUTE_BIT) != 0 &&
                                (subgroup.supportedOperations & kNeeded) == kNeeded;
  d.driver = has_driver ? fmt::format("{} {}", driver.driverName, driver.driverInfo)
                        : fmt::format("version {:#x}", d.properties.driverVersion);
}

// Whether the device can run the f16 GEMM's cooperative-matrix variant: the extension and its
// feature, arithmetic on f16 (the fragments are float16_t), 16-bit storage, subgroups of 32 (the
// shader lays 8 subgroups over a workgroup of 256), and bindings that start 16-byte aligned (it
// reads aligned rows 16 bytes at a time).
bool coop_capable(const InstanceFunctions& vk, const PhysicalDevice& d) {
  if (vk.vkGetPhysicalDeviceCooperativeMatrixPropertiesNV == nullptr ||
      d.properties.apiVersion < VK_API_VERSION_1_2 || !d.features.storage16 ||
      d.features.subgroup_size != 32 ||
      d.properties.limits.minStorageBufferOffsetAlignment % 16 != 0 ||
      !has_extension(vk, d.handle, VK_NV_COOPERATIVE_MATRIX_EXTENSION_NAME)) {
    return false;
  }
  auto coop = make_struct<VkPhysicalDeviceCooperativeMatrixFeaturesNV>(
      VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_COOPERATIVE_MATRIX_FEATURES_NV);
  auto float16 = make_struct<VkPhysicalDeviceShaderFloat16Int8Features>(
      VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SHADER_FLOAT16_INT8_FEATURES);
  float16.pNext = &coop;
  auto features =
      make_struct<VkPhysicalDeviceFeatures2>(VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2);
  features.pNext = &float16;
  vk.vkGetPhysicalDeviceFeatures2(d.handle, &features);
  return coop.cooperativeMatrix == VK_TRUE && float16.shaderFloat16 == VK_TRUE;
}

// Whether the device lists the f16 x f16 + f32 fragment the shader is written for (16x8x16).
bool find_coop_f16(const InstanceFunctions& vk, const PhysicalDevice& d) {
  if (!coop_capable(vk, d)) return false;
  uint32_t count = 0;
  vk.vkGetPhysicalDeviceCooperativeMatrixPropertiesNV(d.handle, &count, nullptr);
  std::vector<VkCooperativeMatrixPropertiesNV> shapes(
      count, make_struct<VkCooperativeMatrixPropertiesNV>(
                 VK_STRUCTURE_TYPE_COOPERATIVE_MATRIX_PROPERTIES_NV));
  vk.vkGetPhysicalDeviceCooperativeMatrixPropertiesNV(d.handle, &count, shapes.data());
  for (const VkCooperativeMatrixPropertiesNV& s : shapes) {
    if (s.MSize == 16 && s.NSize == 8 && s.KSize == 16 && s.AType == VK_COMPONENT_TYPE_FLOAT16_NV &&
        s.BType == VK_COMPONENT_TYPE_FLOAT16_NV && s.CType == VK_COMPONENT_TYPE_FLOAT32_NV &&
        s.DType == VK_COMPONENT_TYPE_FLOAT32_NV && s.scope == VK_SCOPE_SUBGROUP_NV) {
      return true;
    }
  }
  return false;
}

void read_features(const InstanceFunctions& vk, PhysicalDevice& d) {
  const bool core12 = d.properties.apiVersion >= VK_API_VERSION_1_2;
  const bool ext8 = !core12 && has_extension(vk, d.handle, VK_KHR_8BIT_STORAGE_EXTENSION_NAME);
  auto storage8 = make_struct<VkPhysicalDevice8BitStorageFeatures>(
      VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_8BIT_STORAGE_FEATURES);
  auto storage16 = make_struct<VkPhysicalDevice16BitStorageFeatures>(
      VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_16BIT_STORAGE_FEATURES);
  if (core12 || ext8) storage16.pNext = &storage8;
  auto features =
      make_struct<VkPhysicalDeviceFeatures2>(VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2);
  features.pNext = &storage16;
  vk.vkGetPhysicalDeviceFeatures2(d.handle, &features);
  d.features.int64 = features.features.shaderInt64 == VK_TRUE;
  d.features.storage16 = storage16.storageBuffer16BitAccess == VK_TRUE;
  d.features.storage8 = storage8.storageBuffer8BitAccess == VK_TRUE;
  d.features.storage8_by_extension = ext8 && d.features.storage8;
  // Spelled out: the Vulkan headers of Debian 12 (1.3.239) predate the extension's macro.
  d.features.cooperative_matrix_khr = has_extension(vk, d.handle, "VK_KHR_cooperative_matrix");
  d.features.coop_f16 = find_coop_f16(vk, d);
  d.features.pipeline_statistics =
      has_extension(vk, d.handle, VK_KHR_PIPELINE_EXECUTABLE_PROPERTIES_EXTENSION_NAME);
}

void read_memory(const InstanceFunctions& vk, PhysicalDevice& d) {
  VkPhysicalDeviceMemoryProperties memory{};
  vk.vkGetPhysicalDeviceMemoryProperties(d.handle, &memory);
  for (uint32_t h = 0; h < memory.memoryHeapCount; ++h) {
    if ((memory.memoryHeaps[h].flags & VK_MEMORY_HEAP_DEVICE_LOCAL_BIT) != 0) {
      d.memory_bytes = std::max<uint64_t>(d.memory_bytes, memory.memoryHeaps[h].size);
    }
  }
}

int32_t find_compute_family(const InstanceFunctions& vk, VkPhysicalDevice device) {
  uint32_t count = 0;
  vk.vkGetPhysicalDeviceQueueFamilyProperties(device, &count, nullptr);
  std::vector<VkQueueFamilyProperties> families(count);
  vk.vkGetPhysicalDeviceQueueFamilyProperties(device, &count, families.data());
  // A compute-only family (an async compute engine) first, else any with compute.
  int32_t any = -1;
  for (uint32_t i = 0; i < count; ++i) {
    const VkQueueFlags flags = families[i].queueFlags;
    if ((flags & VK_QUEUE_COMPUTE_BIT) == 0) continue;
    if ((flags & VK_QUEUE_GRAPHICS_BIT) == 0) return static_cast<int32_t>(i);
    if (any < 0) any = static_cast<int32_t>(i);
  }
  return any;
}

std::string version_text(uint32_t v) {
  return fmt::format("{}.{}.{}", VK_API_VERSION_MAJOR(v), VK_API_VERSION_MINOR(v),
                     VK_API_VERSION_PATCH(v));
}

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string device_list(const std::vector<PhysicalDevice>& devices) {
  std::string text;
  for (const PhysicalDevice& d : devices) {
    text += fmt::format("\n  {}: {}{}", d.index, describe(d),
                        d.usable() ? "" : fmt::format(" (unusable: {})", d.problem));
  }
  return text.empty() ? " none" : text;
}

const PhysicalDevice& checked(const PhysicalDevice& d, const std::vector<PhysicalDevice>& all) {
  if (!d.usable()) {
    unsupported("vulkan: device {} ({}) cannot be used: {}; devices:{}", d.index, d.name(),
                d.problem, device_list(all));
  }
  return d;
}

}  // namespace

std::vector<PhysicalDevice> list_devices(const VulkanInstance& instance) {
  const InstanceFunctions& vk = instance.fns();
  uint32_t count = 0;
  vk.vkEnumeratePhysicalDevices(instance.handle(), &count, nullptr);
  std::vector<VkPhysicalDevice> handles(count);
  vk.vkEnumeratePhysicalDevices(instance.handle(), &count, handles.data());
  std::vector<PhysicalDevice> devices;
  for (uint32_t i = 0; i < count; ++i) {
    PhysicalDevice d;
    d.handle = handles[i];
    d.index = i;
    vk.vkGetPhysicalDeviceProperties(d.handle, &d.properties);
    if (d.properties.apiVersion < VK_API_VERSION_1_1) {
      d.problem = fmt::format("it supports only Vulkan {}; Strata needs 1.1",
                              version_text(d.properties.apiVersion));
      devices.push_back(std::move(d));
      continue;
    }
    read_properties(vk, d);
    read_features(vk, d);
    read_memory(vk, d);
    d.compute_family = find_compute_family(vk, d.handle);
    if (d.compute_family < 0) d.problem = "it has no queue family with compute";
    devices.push_back(std::move(d));
  }
  return devices;
}

const PhysicalDevice& choose_device(const std::vector<PhysicalDevice>& devices,
                                    const Settings& settings) {
  if (devices.empty()) unsupported("vulkan: no Vulkan device found");
  if (settings.device_index) {
    const uint32_t i = *settings.device_index;
    if (i >= devices.size()) {
      invalid("vulkan: setting \"device\": {} is not a device index; devices:{}", i,
              device_list(devices));
    }
    return checked(devices[i], devices);
  }
  if (settings.device_name) {
    const std::string wanted = lowercase(*settings.device_name);
    for (const PhysicalDevice& d : devices) {
      if (lowercase(d.name()).find(wanted) != std::string::npos) return checked(d, devices);
    }
    invalid("vulkan: setting \"device\": no device name contains \"{}\"; devices:{}",
            *settings.device_name, device_list(devices));
  }
  const PhysicalDevice* best = nullptr;
  for (const PhysicalDevice& d : devices) {
    if (!d.usable()) continue;
    if (best == nullptr ||
        type_rank(d.properties.deviceType) < type_rank(best->properties.deviceType)) {
      best = &d;
    }
  }
  if (best == nullptr)
    unsupported("vulkan: no usable Vulkan device; devices:{}", device_list(devices));
  return *best;
}

int32_t device_score(const PhysicalDevice& device) {
  if (!device.usable()) return 0;
  return type_rank(device.properties.deviceType) <= 2 ? 100 : 5;
}

std::string describe(const PhysicalDevice& d) {
  std::string text = fmt::format("{}, {}", d.name(), type_name(d.properties.deviceType));
  if (d.properties.apiVersion < VK_API_VERSION_1_1) return text;
  std::string dtypes = "f32";
  if (d.features.storage16) dtypes += " f16 bf16";
  dtypes += " i32";
  if (d.features.int64) dtypes += " i64";
  if (d.features.storage8) dtypes += " u8";
  std::string matrix =
      d.features.coop_f16
          ? std::string("cooperative matrix 16x8x16 for f16 GEMM (VK_NV_cooperative_matrix)")
          : std::string("no cooperative matrix");
  if (d.features.cooperative_matrix_khr) matrix += ", VK_KHR_cooperative_matrix offered";
  return text + fmt::format(", driver {}, Vulkan {}, {} MiB, subgroup size {}, dtypes {}, {}",
                            d.driver, version_text(d.properties.apiVersion), d.memory_bytes >> 20,
                            d.features.subgroup_size, dtypes, matrix);
}

}  // namespace strata_vk
