// The probe and device selection: the score `auto` sees, the note `strata info` prints, the
// "device" setting by index and by name, and clear errors for settings that name nothing.
#include <boost/json/parse.hpp>

#include "vulkan_harness.hpp"

namespace strata_vk_test {
namespace {

const strata::PluginInfo& info() {
  return vulkan_plugin().info();
}

// The device name at the start of the probe note ("llvmpipe (LLVM 15.0.6, 256 bits), ...").
std::string probed_device_name() {
  const std::string& note = info().probe_note;
  return note.substr(0, note.find(", "));
}

TEST(VulkanDevice, ProbeScoresTheDeviceTypeAndDescribesIt) {
  SKIP_WITHOUT_VULKAN();
  const std::string& note = info().probe_note;
  // A CPU device (lavapipe) must rank below reference (10) and avx (50); a GPU above them.
  const bool cpu = note.find("a CPU device") != std::string::npos;
  EXPECT_EQ(info().score, cpu ? 5 : 100) << note;
  for (const char* part :
       {"driver ", "Vulkan 1.", " MiB", "subgroup size ", "dtypes f32", "cooperative matrix"}) {
    EXPECT_NE(note.find(part), std::string::npos) << "'" << part << "' missing from: " << note;
  }
  EXPECT_EQ(info().name, "vulkan");
}

TEST(VulkanDevice, LavapipeProbesAsASoftwareDeviceScoringFive) {
  SKIP_WITHOUT_VULKAN();
  if (info().probe_note.find("llvmpipe") == std::string::npos) {
    GTEST_SKIP() << "the default device is not lavapipe: " << info().probe_note;
  }
  EXPECT_EQ(info().score, 5);
  EXPECT_NE(info().probe_note.find("ranked below the CPU backends"), std::string::npos);
}

TEST(VulkanDevice, SelectsByIndexAndByNameSubstring) {
  SKIP_WITHOUT_VULKAN();
  const boost::json::object by_index = boost::json::parse(R"({"device": 0})").as_object();
  EXPECT_NO_THROW(make_vulkan(by_index));
  std::string name = probed_device_name();
  for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  boost::json::object by_name;
  by_name["device"] = name.substr(0, 4);  // case-insensitive substring
  strata::Backend chosen = make_vulkan(by_name);
  // The chosen instance works.
  strata::Buffer b = chosen.alloc(8);
  const Bytes data = encode(STRATA_F32, {1.5, -2});
  chosen.write(b, 0, data);
  Bytes back(8);
  chosen.read(b, 0, back);
  EXPECT_EQ(back, data);
}

TEST(VulkanDevice, SettingsThatNameNoDeviceOrAreUnknownAreInvalid) {
  SKIP_WITHOUT_VULKAN();
  const char* bad[] = {R"({"device": 99})",        R"({"device": "no-such-gpu"})",
                       R"({"devcie": 0})",         R"({"device": -1})",
                       R"({"validation": "yes"})", R"({"cooperative_matrix": 1})"};
  for (const char* text : bad) {
    std::string message;
    EXPECT_EQ(status_of([&] { make_vulkan(boost::json::parse(text).as_object()); }, &message),
              STRATA_INVALID_ARGUMENT)
        << text;
    EXPECT_NE(message.find("vulkan"), std::string::npos) << message;
  }
  std::string message;
  status_of([&] { make_vulkan(boost::json::parse(R"({"device": 99})").as_object()); }, &message);
  EXPECT_NE(message.find("devices:"), std::string::npos) << "lists the devices: " << message;
}

}  // namespace
}  // namespace strata_vk_test

namespace strata_vk_test {
namespace {

// The probe slot, called directly: the core caches what it saw when it loaded the plugin.
strata_probe_result probe_now() {
  strata_probe_result result{};
  result.struct_size = sizeof result;
  vulkan_plugin().api().probe(&result);
  return result;
}

TEST(VulkanDevice, WithoutADriverTheProbeScoresZeroWithTheReason) {
  const int32_t normal_score = info().score;  // loads the plugin while the driver is there
  // The loader reads the driver list on every vkCreateInstance; point it at nothing.
  const char* saved = std::getenv("VK_DRIVER_FILES");
  const std::string restore = saved != nullptr ? saved : "";
  setenv("VK_DRIVER_FILES", "/nonexistent/strata-test-icd.json", 1);
  const strata_probe_result result = probe_now();
  const std::string reason(result.reason, result.reason_len);
  if (saved != nullptr) {
    setenv("VK_DRIVER_FILES", restore.c_str(), 1);
  } else {
    unsetenv("VK_DRIVER_FILES");
  }
  EXPECT_EQ(result.score, 0) << reason;
  EXPECT_NE(reason.find("driver"), std::string::npos) << reason;
  EXPECT_EQ(probe_now().score, normal_score) << "the probe recovers once a driver is back";
}

}  // namespace
}  // namespace strata_vk_test
