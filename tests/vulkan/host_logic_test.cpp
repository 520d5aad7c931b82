// The plugin's device-independent rules, checked without a device: which dtypes need which
// device features (what `supports` reports on devices that lack them), and the host-side
// rounding that FILL and RANDOM's UNIFORM start from, against hand-computed encodings.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "dtypes.hpp"
#include "error.hpp"
#include "host_float.hpp"
#include "vk_result.hpp"

namespace strata_vk_test {
namespace {

using strata_vk::DeviceFeatures;
using strata_vk::DtypeUse;

// The status and message require_dtype gives, or STRATA_OK.
std::pair<strata_status_code, std::string> requirement(const DeviceFeatures& f, strata_dtype d,
                                                       DtypeUse use) {
  try {
    strata_vk::require_dtype(f, d, use, "op");
    return {STRATA_OK, ""};
  } catch (const strata_vk::Failure& e) {
    return {e.code(), e.what()};
  }
}

TEST(VulkanDtypeRules, FeaturesADeviceLacksAreReportedAsUnsupported) {
  const DeviceFeatures none;
  for (strata_dtype d : {STRATA_F16, STRATA_BF16}) {
    const auto [code, message] = requirement(none, d, DtypeUse::kMove);
    EXPECT_EQ(code, STRATA_UNSUPPORTED);
    EXPECT_NE(message.find("storageBuffer16BitAccess"), std::string::npos) << message;
  }
  const auto [u8_code, u8_message] = requirement(none, STRATA_U8, DtypeUse::kCompute);
  EXPECT_EQ(u8_code, STRATA_UNSUPPORTED);
  EXPECT_NE(u8_message.find("storageBuffer8BitAccess"), std::string::npos) << u8_message;
  // 64-bit elements move as pairs of words without shaderInt64; arithmetic needs it.
  EXPECT_EQ(requirement(none, STRATA_I64, DtypeUse::kMove).first, STRATA_OK);
  EXPECT_EQ(requirement(none, STRATA_I64, DtypeUse::kCompute).first, STRATA_UNSUPPORTED);
  EXPECT_EQ(requirement(none, STRATA_F64, DtypeUse::kMove).first, STRATA_OK);
  EXPECT_EQ(requirement(none, STRATA_F32, DtypeUse::kCompute).first, STRATA_OK);
  EXPECT_EQ(requirement(none, STRATA_I32, DtypeUse::kCompute).first, STRATA_OK);
  EXPECT_THROW(strata_vk::require_int64_for_integer_sums(none, STRATA_I32, "op"),
               strata_vk::Failure);
  EXPECT_NO_THROW(strata_vk::require_int64_for_integer_sums(none, STRATA_F32, "op"));
}

TEST(VulkanDtypeRules, AFullyFeaturedDeviceComputesEverythingButF64) {
  DeviceFeatures all;
  all.int64 = all.storage16 = all.storage8 = true;
  for (strata_dtype d : {STRATA_F32, STRATA_F16, STRATA_BF16, STRATA_I32, STRATA_I64, STRATA_U8}) {
    EXPECT_EQ(requirement(all, d, DtypeUse::kCompute).first, STRATA_OK) << d;
  }
  const auto [code, message] = requirement(all, STRATA_F64, DtypeUse::kCompute);
  EXPECT_EQ(code, STRATA_UNSUPPORTED);
  EXPECT_NE(message.find("f64"), std::string::npos) << message;
}

// What a failed Vulkan call becomes: a lost device must be DEVICE_LOST (the host then moves to
// another backend), exhausted memory OUT_OF_MEMORY, anything else INTERNAL.
TEST(VulkanResults, FailedCallsMapToTheirStatuses) {
  auto status = [](VkResult r) {
    try {
      strata_vk::check(r, "vkQueueSubmit");
      return std::pair<strata_status_code, std::string>{STRATA_OK, ""};
    } catch (const strata_vk::Failure& e) {
      return std::pair<strata_status_code, std::string>{e.code(), e.what()};
    }
  };
  EXPECT_EQ(status(VK_SUCCESS).first, STRATA_OK);
  const auto [lost, message] = status(VK_ERROR_DEVICE_LOST);
  EXPECT_EQ(lost, STRATA_DEVICE_LOST);
  EXPECT_NE(message.find("vkQueueSubmit failed: VK_ERROR_DEVICE_LOST"), std::string::npos)
      << message;
  EXPECT_NE(message.find("another backend"), std::string::npos) << message;
  EXPECT_EQ(status(VK_ERROR_OUT_OF_DEVICE_MEMORY).first, STRATA_OUT_OF_MEMORY);
  EXPECT_EQ(status(VK_ERROR_OUT_OF_HOST_MEMORY).first, STRATA_OUT_OF_MEMORY);
  EXPECT_EQ(status(VK_ERROR_INITIALIZATION_FAILED).first, STRATA_INTERNAL);
}

TEST(VulkanHostFloat, HalfAndBfloatEncodingsRoundToNearestEven) {
  EXPECT_EQ(strata_vk::f16_bits(1.0), 0x3c00);
  EXPECT_EQ(strata_vk::f16_bits(-2.0), 0xc000);
  EXPECT_EQ(strata_vk::f16_bits(65504.0), 0x7bff);               // the largest finite half
  EXPECT_EQ(strata_vk::f16_bits(65520.0), 0x7c00);               // a tie: to even, which overflows
  EXPECT_EQ(strata_vk::f16_bits(std::ldexp(1.0, -24)), 0x0001);  // the smallest subnormal
  EXPECT_EQ(strata_vk::f16_bits(1.0 + std::ldexp(1.0, -11)), 0x3c00);      // tie to even
  EXPECT_EQ(strata_vk::f16_bits(1.0 + 3 * std::ldexp(1.0, -11)), 0x3c02);  // tie to even
  EXPECT_EQ(strata_vk::bf16_bits(1.0), 0x3f80);
  EXPECT_EQ(strata_vk::bf16_bits(1.0 + std::ldexp(1.0, -8)), 0x3f80);  // tie to even
  EXPECT_EQ(strata_vk::bf16_bits(-std::numeric_limits<double>::quiet_NaN()), 0xffc0);
  EXPECT_EQ(strata_vk::round_to(STRATA_F16, 0.1), 0.0999755859375);
  EXPECT_EQ(strata_vk::round_to(STRATA_BF16, 0.1), 0.10009765625);
}

TEST(VulkanHostFloat, FillBitsFollowTheCastRules) {
  auto as_i64 = [](uint64_t bits) {
    int64_t v;
    std::memcpy(&v, &bits, 8);
    return v;
  };
  EXPECT_EQ(static_cast<int32_t>(strata_vk::fill_bits(STRATA_I32, -2.9)), -2);
  EXPECT_EQ(static_cast<int32_t>(strata_vk::fill_bits(STRATA_I32, 1e12)), INT32_MAX);
  EXPECT_EQ(strata_vk::fill_bits(STRATA_U8, 300.0), 255u);
  EXPECT_EQ(strata_vk::fill_bits(STRATA_U8, -5.0), 0u);
  EXPECT_EQ(as_i64(strata_vk::fill_bits(STRATA_I64, 1e19)), INT64_MAX);
  EXPECT_EQ(as_i64(strata_vk::fill_bits(STRATA_I64, std::nan(""))), 0);
  const double third = 1.0 / 3;
  uint64_t expected;
  std::memcpy(&expected, &third, 8);
  EXPECT_EQ(strata_vk::fill_bits(STRATA_F64, third), expected);
}

}  // namespace
}  // namespace strata_vk_test
