#include "probe.hpp"

#include <fmt/format.h>

#include <mutex>
#include <string>

#include "error.hpp"
#include "physical_devices.hpp"
#include "vulkan_instance.hpp"

namespace strata_vk {
namespace {

// The note for the device `auto` would use, and its score.
std::pair<int32_t, std::string> examine() {
  VulkanInstance instance(false);
  const std::vector<PhysicalDevice> devices = list_devices(instance);
  const PhysicalDevice& chosen = choose_device(devices, Settings{});
  std::string note = describe(chosen);
  if (devices.size() > 1) {
    note += fmt::format(" (device {} of {}; the \"device\" setting picks another)", chosen.index,
                        devices.size());
  }
  if (chosen.properties.deviceType == VK_PHYSICAL_DEVICE_TYPE_CPU) {
    note += "; a software device, ranked below the CPU backends";
  }
  return {device_score(chosen), std::move(note)};
}

std::string without_prefix(std::string message) {
  constexpr std::string_view kPrefix = "vulkan: ";
  if (message.starts_with(kPrefix)) message.erase(0, kPrefix.size());
  return message;
}

}  // namespace

void probe(strata_probe_result* result) {
  static std::mutex mutex;
  static std::string note;  // the reason string handed out, valid until the next probe
  std::lock_guard lock(mutex);
  int32_t score = 0;
  try {
    std::tie(score, note) = examine();
  } catch (const Failure& f) {
    note = without_prefix(f.what());
  } catch (const std::exception& e) {
    note = fmt::format("probing Vulkan failed: {}", e.what());
  }
  result->score = score;
  result->reason = note.data();
  result->reason_len = note.size();
}

}  // namespace strata_vk
