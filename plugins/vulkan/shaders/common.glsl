// Shared by every Strata shader: the per-dispatch parameter block, the grid-stride loop over
// work items, strided indexing, and IEEE helpers that do not trust the compiler with NaN.
//
// Every dispatch binds its parameters at binding 0 and up to seven tensors at bindings 1..7
// (one pipeline layout for all shaders). Element offsets, shapes and strides travel here rather
// than as descriptor offsets, so tensors at any element offset work whatever the device's
// minStorageBufferOffsetAlignment is.
#extension GL_EXT_shader_16bit_storage : enable
#extension GL_EXT_shader_8bit_storage : enable
#ifdef NEED_INT64
#extension GL_EXT_shader_explicit_arithmetic_types_int64 : require
#endif
#ifdef USE_SUBGROUPS
#extension GL_KHR_shader_subgroup_basic : require
#extension GL_KHR_shader_subgroup_shuffle_relative : require
#endif

#define MAX_RANK 8

layout(local_size_x_id = 0) in;

// Mirrors strata_vk::ShaderParams (src/shader_params.hpp) field for field.
layout(std430, set = 0, binding = 0) readonly buffer Params {
  uint count;                         // work items of the dispatch
  uint rank;                          // rank of the iteration space
  uint inner;                         // elements of the second space (a row, a reduced box)
  uint rank2;                         // rank of the second space
  uint shape[MAX_RANK];               // the iteration space, row-major
  uint shape2[MAX_RANK];              // the second space: reduced axes, index positions
  uint offset[MAX_RANK];              // element offset of binding k's tensor
  uint strides[MAX_RANK][MAX_RANK];   // strides[k][d]: binding k's stride along shape[d]
  uint strides2[MAX_RANK][MAX_RANK];  // strides2[k][d]: binding k's stride along shape2[d]
  int ip[16];                         // op-specific integers
  float fp[16];                       // op-specific floats
} P;

// The first item of this invocation and the step of the grid-stride loop.
#define FOR_EACH_ITEM(i) \
  for (uint i = gl_GlobalInvocationID.x; i < P.count; i += gl_NumWorkGroups.x * gl_WorkGroupSize.x)

// Multi-index of item `linear` in the iteration space.
void unravel(uint linear, out uint idx[MAX_RANK]) {
  for (int d = int(P.rank) - 1; d >= 0; --d) {
    uint n = P.shape[d];
    idx[d] = linear % n;
    linear /= n;
  }
}

// Element index of binding `b`'s tensor at multi-index `idx`.
uint at(uint b, uint idx[MAX_RANK]) {
  uint e = P.offset[b];
  for (uint d = 0; d < P.rank; ++d) e += idx[d] * P.strides[b][d];
  return e;
}

// Element index of binding `b` at `linear` in the iteration space, for single-tensor loops.
uint at_linear(uint b, uint linear) {
  uint e = P.offset[b];
  for (int d = int(P.rank) - 1; d >= 0; --d) {
    uint n = P.shape[d];
    e += (linear % n) * P.strides[b][d];
    linear /= n;
  }
  return e;
}

// Element offset of binding `b` along the second space at its item `linear`.
uint at2(uint b, uint linear) {
  uint e = 0;
  for (int d = int(P.rank2) - 1; d >= 0; --d) {
    uint n = P.shape2[d];
    e += (linear % n) * P.strides2[b][d];
    linear /= n;
  }
  return e;
}

bool is_nan(float x) { return (floatBitsToUint(x) & 0x7fffffffu) > 0x7f800000u; }
float quiet_nan() { return uintBitsToFloat(0x7fc00000u); }
float infinity() { return uintBitsToFloat(0x7f800000u); }
