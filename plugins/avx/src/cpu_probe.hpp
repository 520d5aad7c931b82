// Can this machine run the AVX2/FMA kernels? The CPU must have the instructions (CPUID) AND the
// operating system must save the YMM registers across context switches (OSXSAVE, then XCR0 bits
// 1 and 2 read with XGETBV); otherwise the first AVX instruction faults. Portable code: it runs
// before anything compiled for AVX2.
//
// Reading the bits and judging them are separate so tests can feed the judgement fake bits.
#pragma once

#include <cstdint>
#include <string_view>

namespace strata_avx {

// The raw facts the verdict is made from.
struct CpuidBits {
  uint32_t max_leaf = 0;   // CPUID leaf 0, EAX: the highest standard leaf
  uint32_t leaf1_ecx = 0;  // CPUID leaf 1, ECX: FMA (bit 12), OSXSAVE (27), AVX (28)
  uint32_t leaf7_ebx = 0;  // CPUID leaf 7 sub-leaf 0, EBX: AVX2 (bit 5); 0 if max_leaf < 7
  uint64_t xcr0 = 0;       // XGETBV(0): SSE state (bit 1), AVX state (bit 2); 0 without OSXSAVE
};

namespace cpu_bits {
constexpr uint32_t kLeaf1Fma = 1u << 12;
constexpr uint32_t kLeaf1Osxsave = 1u << 27;
constexpr uint32_t kLeaf1Avx = 1u << 28;
constexpr uint32_t kLeaf7Avx2 = 1u << 5;
constexpr uint64_t kXcr0Sse = 1u << 1;
constexpr uint64_t kXcr0Avx = 1u << 2;
}  // namespace cpu_bits

// Executes CPUID, and XGETBV only when CPUID says the OS enabled it (XGETBV itself faults
// otherwise).
CpuidBits read_cpuid_bits();

// The probe's answer: score 0 with the reason when the kernels cannot run, else kScore.
struct CpuVerdict {
  int32_t score;
  std::string_view reason;  // static text
};

constexpr int32_t kAvxScore = 50;

CpuVerdict assess_cpu(const CpuidBits& bits);

// assess_cpu(read_cpuid_bits()), computed once per process (the answer cannot change).
const CpuVerdict& this_machine();

}  // namespace strata_avx
