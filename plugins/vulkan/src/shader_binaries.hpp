// The SPIR-V of every shader variant, embedded at build time (cmake/embed_spirv.cmake writes
// the table from cmake/shader_variants.cmake's list).
#pragma once

#include <cstddef>
#include <cstdint>

namespace strata_vk {

struct ShaderBinary {
  const char* name;  // "binary_f16", "reduce_i64_sg"
  const uint32_t* words;
  size_t word_count;
};

extern const ShaderBinary kShaderBinaries[];
extern const size_t kNumShaderBinaries;

}  // namespace strata_vk
