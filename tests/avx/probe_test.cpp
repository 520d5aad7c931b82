// The probe: the decision on fake CPUID/XGETBV bits (every reason a machine is refused, and when
// the AVX-512 kernels may run), the real machine's answer, and the plugin's description.
#include <gtest/gtest.h>

#include <string_view>

#include "cpu_probe.hpp"
#include "plugin_pair.hpp"

namespace avx_test {
namespace {

using namespace strata_avx::cpu_bits;
using strata_avx::assess_cpu;
using strata_avx::CpuidBits;

// A machine with everything: AVX, AVX2, FMA, OSXSAVE and YMM state enabled by the OS.
CpuidBits capable() {
  return {7, kLeaf1Fma | kLeaf1Osxsave | kLeaf1Avx, kLeaf7Avx2, kXcr0Sse | kXcr0Avx};
}

TEST(AvxProbe, CapableMachineScores50) {
  const auto verdict = assess_cpu(capable());
  EXPECT_EQ(verdict.score, 50);
}

TEST(AvxProbe, MissingAvx2IsRefused) {
  CpuidBits bits = capable();
  bits.leaf7_ebx = 0;
  EXPECT_EQ(assess_cpu(bits).score, 0);
  EXPECT_EQ(assess_cpu(bits).reason, "CPU lacks AVX2");
}

TEST(AvxProbe, NoLeaf7MeansNoAvx2) {
  CpuidBits bits = capable();
  bits.max_leaf = 6;  // leaf 7 absent: its bits must not be trusted
  EXPECT_EQ(assess_cpu(bits).reason, "CPU lacks AVX2");
  EXPECT_EQ(assess_cpu(bits).score, 0);
}

TEST(AvxProbe, MissingAvxIsRefused) {
  CpuidBits bits = capable();
  bits.leaf1_ecx &= ~kLeaf1Avx;
  EXPECT_EQ(assess_cpu(bits).score, 0);
  EXPECT_EQ(assess_cpu(bits).reason, "CPU lacks AVX2");
}

TEST(AvxProbe, MissingFmaIsRefused) {
  CpuidBits bits = capable();
  bits.leaf1_ecx &= ~kLeaf1Fma;
  EXPECT_EQ(assess_cpu(bits).score, 0);
  EXPECT_EQ(assess_cpu(bits).reason, "CPU lacks FMA");
}

TEST(AvxProbe, OsWithoutXsaveIsRefused) {
  CpuidBits bits = capable();
  bits.leaf1_ecx &= ~kLeaf1Osxsave;
  bits.xcr0 = 0;
  EXPECT_EQ(assess_cpu(bits).score, 0);
  EXPECT_EQ(assess_cpu(bits).reason, "OS has not enabled AVX state");
}

TEST(AvxProbe, OsSavingOnlySseStateIsRefused) {
  CpuidBits bits = capable();
  bits.xcr0 = kXcr0Sse;  // YMM upper halves would be lost on a context switch
  EXPECT_EQ(assess_cpu(bits).score, 0);
  EXPECT_EQ(assess_cpu(bits).reason, "OS has not enabled AVX state");
}

TEST(AvxProbe, OsSavingOnlyAvxStateIsRefused) {
  CpuidBits bits = capable();
  bits.xcr0 = kXcr0Avx;
  EXPECT_EQ(assess_cpu(bits).reason, "OS has not enabled AVX state");
}

TEST(AvxProbe, Avx2MachineGetsTheAvx2Kernels) {
  EXPECT_EQ(assess_cpu(capable()).best, strata_avx::Isa::kAvx2);
}

// AVX-512 F, DQ, BW and VL, with the OS saving opmask and ZMM state.
CpuidBits avx512_capable() {
  CpuidBits bits = capable();
  bits.leaf7_ebx |= kLeaf7Avx512;
  bits.xcr0 |= kXcr0Avx512;
  return bits;
}

TEST(AvxProbe, Avx512MachineGetsTheAvx512Kernels) {
  const auto verdict = assess_cpu(avx512_capable());
  EXPECT_EQ(verdict.score, 50);
  EXPECT_EQ(verdict.best, strata_avx::Isa::kAvx512);
  EXPECT_NE(verdict.reason.find("AVX-512"), std::string_view::npos) << verdict.reason;
}

TEST(AvxProbe, EachMissingAvx512SubsetMeansAvx2) {
  for (const uint32_t subset : {1u << 16, 1u << 17, 1u << 30, 1u << 31}) {  // F, DQ, BW, VL
    CpuidBits bits = avx512_capable();
    bits.leaf7_ebx &= ~subset;
    const auto verdict = assess_cpu(bits);
    EXPECT_EQ(verdict.best, strata_avx::Isa::kAvx2) << subset;
    EXPECT_EQ(verdict.score, 50) << "AVX2 still runs";
  }
}

TEST(AvxProbe, OsNotSavingZmmStateMeansAvx2) {
  // Opmask, upper halves of ZMM0-15, ZMM16-31: without any of them AVX-512 would corrupt state.
  for (const uint64_t state : {uint64_t{1} << 5, uint64_t{1} << 6, uint64_t{1} << 7}) {
    CpuidBits bits = avx512_capable();
    bits.xcr0 &= ~state;
    EXPECT_EQ(assess_cpu(bits).best, strata_avx::Isa::kAvx2) << state;
  }
}

TEST(AvxProbe, Avx512WithoutAvx2IsStillRefused) {
  CpuidBits bits = avx512_capable();
  bits.leaf1_ecx &= ~kLeaf1Fma;
  EXPECT_EQ(assess_cpu(bits).score, 0);
}

TEST(AvxProbe, ThisMachineAgreesWithItsBits) {
  // The test machine has AVX2 (the brief's machine); the probe slot must say what the
  // decision says about the real bits.
  const auto verdict = assess_cpu(strata_avx::read_cpuid_bits());
  strata_probe_result result{sizeof result, -1, nullptr, 0};
  avx().api().probe(&result);
  EXPECT_EQ(result.score, verdict.score);
  EXPECT_EQ(std::string_view(result.reason, result.reason_len), verdict.reason);
  EXPECT_GT(result.score, 0) << "this test machine is expected to run AVX2";
}

TEST(AvxProbe, InfoNamesTheBackend) {
  strata_plugin_info info{sizeof info, nullptr, 0, nullptr, 0, nullptr, 0};
  avx().api().get_info(&info);
  EXPECT_EQ(std::string_view(info.name, info.name_len), "avx");
  EXPECT_EQ(std::string_view(info.version, info.version_len), "1.0.0");
  EXPECT_GT(info.description_len, 10u);
  EXPECT_EQ(avx().api().abi_major, STRATA_ABI_MAJOR);
}

TEST(AvxProbe, OlderHostsSmallerStructsAreNotOverrun) {
  // A host whose strata_plugin_info ends after name_len: nothing beyond it may be written.
  strata_plugin_info info{};
  info.struct_size = offsetof(strata_plugin_info, name_len) + sizeof info.name_len;
  const char* untouched = "untouched";
  info.version = untouched;
  avx().api().get_info(&info);
  EXPECT_EQ(std::string_view(info.name, info.name_len), "avx");
  EXPECT_EQ(info.version, untouched);
  strata_probe_result result{};
  result.struct_size = offsetof(strata_probe_result, score) + sizeof result.score;
  result.reason = untouched;
  avx().api().probe(&result);
  EXPECT_EQ(result.score, 50);
  EXPECT_EQ(result.reason, untouched);
}

}  // namespace
}  // namespace avx_test
