#include "cpu_probe.hpp"

#include <cpuid.h>

namespace strata_avx {

CpuidBits read_cpuid_bits() {
  CpuidBits bits;
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  bits.max_leaf = __get_cpuid_max(0, nullptr);
  if (bits.max_leaf >= 1) {
    __cpuid(1, eax, ebx, ecx, edx);
    bits.leaf1_ecx = ecx;
  }
  if (bits.max_leaf >= 7) {
    __cpuid_count(7, 0, eax, ebx, ecx, edx);
    bits.leaf7_ebx = ebx;
  }
  if ((bits.leaf1_ecx & cpu_bits::kLeaf1Osxsave) != 0) {
    // The instruction by its bytes: no -mxsave needed, and the compiler cannot move it.
    uint32_t lo = 0, hi = 0;
    __asm__ volatile(".byte 0x0f, 0x01, 0xd0" : "=a"(lo), "=d"(hi) : "c"(0));
    bits.xcr0 = (static_cast<uint64_t>(hi) << 32) | lo;
  }
  return bits;
}

CpuVerdict assess_cpu(const CpuidBits& bits) {
  using namespace cpu_bits;
  const bool avx = (bits.leaf1_ecx & kLeaf1Avx) != 0;
  const bool avx2 = bits.max_leaf >= 7 && (bits.leaf7_ebx & kLeaf7Avx2) != 0;
  if (!avx || !avx2) return {0, "CPU lacks AVX2"};
  if ((bits.leaf1_ecx & kLeaf1Fma) == 0) return {0, "CPU lacks FMA"};
  const uint64_t ymm_state = kXcr0Sse | kXcr0Avx;
  if ((bits.leaf1_ecx & kLeaf1Osxsave) == 0 || (bits.xcr0 & ymm_state) != ymm_state) {
    return {0, "OS has not enabled AVX state"};
  }
  const bool avx512 =
      (bits.leaf7_ebx & kLeaf7Avx512) == kLeaf7Avx512 && (bits.xcr0 & kXcr0Avx512) == kXcr0Avx512;
  if (avx512) {
    return {kAvxScore, "AVX-512 (F, DQ, BW, VL), AVX2 and FMA with OS-enabled ZMM state",
            Isa::kAvx512};
  }
  return {kAvxScore, "AVX2 and FMA with OS-enabled YMM state", Isa::kAvx2};
}

const CpuVerdict& this_machine() {
  static const CpuVerdict verdict = assess_cpu(read_cpuid_bits());
  return verdict;
}

}  // namespace strata_avx
