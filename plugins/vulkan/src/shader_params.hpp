// The per-dispatch parameter block every shader reads at binding 0: the host mirror of
// `Params` in shaders/common.glsl (std430; all members are 32-bit, so the layouts agree).
#pragma once

#include <cstdint>

namespace strata_vk {

constexpr int kMaxRank = 8;
// Bindings 1..7 hold tensors and scratch; 7 is the status word of gather and scatter_add.
constexpr uint32_t kNumBindings = 8;
constexpr uint32_t kStatusBinding = 7;

struct ShaderParams {
  uint32_t count = 0;  // work items
  uint32_t rank = 0;   // of the iteration space
  uint32_t inner = 0;  // elements of the second space
  uint32_t rank2 = 0;  // of the second space
  uint32_t shape[kMaxRank] = {};
  uint32_t shape2[kMaxRank] = {};
  uint32_t offset[kNumBindings] = {};  // element offset of binding k's tensor
  uint32_t strides[kNumBindings][kMaxRank] = {};
  uint32_t strides2[kNumBindings][kMaxRank] = {};
  int32_t ip[16] = {};
  float fp[16] = {};
};

static_assert(sizeof(ShaderParams) == 752, "ShaderParams must match shaders/common.glsl");

}  // namespace strata_vk
