// The reference backend's table, description and buffers, through the raw ABI.
#include <gtest/gtest.h>
#include <strata/philox.h>

#include <string_view>

#include "reference_harness.hpp"

namespace strata_test {
namespace {

TEST(ReferencePlugin, DescribesItself) {
  ReferenceHarness h;
  EXPECT_EQ(h.api().abi_major, STRATA_ABI_MAJOR);
  EXPECT_GE(h.api().struct_size, sizeof(strata_backend_api));
  strata_plugin_info info{};
  info.struct_size = sizeof info;
  h.api().get_info(&info);
  EXPECT_EQ(std::string_view(info.name, info.name_len), "reference");
  EXPECT_FALSE(std::string_view(info.version, info.version_len).empty());
  strata_probe_result probe{};
  probe.struct_size = sizeof probe;
  h.api().probe(&probe);
  EXPECT_GT(probe.score, 0);
}

TEST(ReferencePlugin, BufferRoundTripAndBounds) {
  ReferenceHarness h;
  TestTensor t = h.make(STRATA_F32, {2, 3}, {1, 2, 3, 4, 5, 6});
  EXPECT_EQ(h.read(t), (std::vector<double>{1, 2, 3, 4, 5, 6}));
  float out[2];
  CallResult r = h.take(h.api().buffer_read(h.instance(), t.buffer, 20, out, 8));
  EXPECT_EQ(r.code, STRATA_INVALID_ARGUMENT);
  EXPECT_NE(r.message.find("outside the 24-byte buffer"), std::string::npos) << r.message;
}

TEST(ReferencePlugin, RejectsADescriptorReachingPastItsBuffer) {
  ReferenceHarness h;
  TestTensor x = h.make(STRATA_F32, {2, 3}, {1, 2, 3, 4, 5, 6});
  TestTensor y = h.make(STRATA_F32, {2, 3}, {});
  y.desc.strides[0] = 4;  // the last row now ends at element 7 of a 6-element buffer
  CallResult r = h.run(STRATA_OP_COPY, 0, nullptr, {&x}, {&y});
  EXPECT_EQ(r.code, STRATA_INVALID_ARGUMENT);
  EXPECT_NE(r.message.find("24-byte buffer"), std::string::npos) << r.message;
}

TEST(ReferencePlugin, UnknownOpIsUnsupported) {
  ReferenceHarness h;
  TestTensor x = h.make(STRATA_F32, {1}, {1});
  CallResult r = h.run(static_cast<strata_op>(999), 0, nullptr, {&x}, {&x});
  EXPECT_EQ(r.code, STRATA_UNSUPPORTED);
}

// Known-answer vectors of Philox-4x32-10 from the Random123 distribution (kat_vectors).
TEST(Philox, MatchesRandom123KnownAnswers) {
  strata_philox_block zero{{0, 0, 0, 0}};
  strata_philox_block r = strata_philox4x32_10(zero, 0, 0);
  EXPECT_EQ(r.w[0], 0x6627e8d5u);
  EXPECT_EQ(r.w[1], 0xe169c58du);
  EXPECT_EQ(r.w[2], 0xbc57ac4cu);
  EXPECT_EQ(r.w[3], 0x9b00dbd8u);
  strata_philox_block ones{{0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu}};
  r = strata_philox4x32_10(ones, 0xffffffffu, 0xffffffffu);
  EXPECT_EQ(r.w[0], 0x408f276du);
  EXPECT_EQ(r.w[1], 0x41c83b0eu);
  EXPECT_EQ(r.w[2], 0xa20bc7c6u);
  EXPECT_EQ(r.w[3], 0x6d5451fdu);
  strata_philox_block pi{{0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u}};
  r = strata_philox4x32_10(pi, 0xa4093822u, 0x299f31d0u);
  EXPECT_EQ(r.w[0], 0xd16cfe09u);
  EXPECT_EQ(r.w[1], 0x94fdccebu);
  EXPECT_EQ(r.w[2], 0x5001e420u);
  EXPECT_EQ(r.w[3], 0x24126ea1u);
}

}  // namespace
}  // namespace strata_test
