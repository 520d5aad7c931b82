// Can this machine run the AVX2/FMA kernels, and the AVX-512 ones? The CPU must have the
// instructions (CPUID) AND the operating system must save the registers across context switches
// (OSXSAVE, then XCR0 read with XGETBV: bits 1 and 2 for YMM; 5, 6 and 7 for the opmask and ZMM
// state); otherwise the first such instruction faults. Portable code: it runs before anything
// compiled for AVX2 or AVX-512.
//
// Reading the bits and judging them are separate so tests can feed the judgement fake bits.
#pragma once

#include <cstdint>
#include <string_view>

#include "isa.hpp"

namespace strata_avx {

// The raw facts the verdict is made from.
struct CpuidBits {
  uint32_t max_leaf = 0;   // CPUID leaf 0, EAX: the highest standard leaf
  uint32_t leaf1_ecx = 0;  // CPUID leaf 1, ECX: FMA (bit 12), OSXSAVE (27), AVX (28)
  uint32_t leaf7_ebx = 0;  // CPUID leaf 7 sub-leaf 0, EBX: AVX2 (bit 5), AVX-512 F (16), DQ (17),
                           // BW (30), VL (31); 0 if max_leaf < 7
  uint64_t xcr0 = 0;       // XGETBV(0): SSE (bit 1), AVX (2), opmask (5), ZMM0-15 upper halves
                           // (6), ZMM16-31 (7) state; 0 without OSXSAVE
};

namespace cpu_bits {
constexpr uint32_t kLeaf1Fma = 1u << 12;
constexpr uint32_t kLeaf1Osxsave = 1u << 27;
constexpr uint32_t kLeaf1Avx = 1u << 28;
constexpr uint32_t kLeaf7Avx2 = 1u << 5;
constexpr uint64_t kXcr0Sse = 1u << 1;
constexpr uint64_t kXcr0Avx = 1u << 2;
// The AVX-512 subsets the kernels are compiled for.
constexpr uint32_t kLeaf7Avx512 = 1u << 16 | 1u << 17 | 1u << 30 | 1u << 31;
constexpr uint64_t kXcr0Avx512 = 1u << 5 | 1u << 6 | 1u << 7;
}  // namespace cpu_bits

// Executes CPUID, and XGETBV only when CPUID says the OS enabled it (XGETBV itself faults
// otherwise).
CpuidBits read_cpuid_bits();

// The probe's answer: score 0 with the reason when the kernels cannot run, else kScore and the
// best kernels this machine runs.
struct CpuVerdict {
  int32_t score;
  std::string_view reason;  // static text
  Isa best = Isa::kAvx2;
};

constexpr int32_t kAvxScore = 50;

CpuVerdict assess_cpu(const CpuidBits& bits);

// assess_cpu(read_cpuid_bits()), computed once per process (the answer cannot change).
const CpuVerdict& this_machine();

}  // namespace strata_avx
