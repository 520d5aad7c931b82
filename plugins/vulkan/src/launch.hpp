// Building one dispatch: the shader variant and its specialization constants, the tensors
// bound to it, the parameter block, and how many workgroups run. Ops describe what to run;
// Launch turns tensors into bindings and records into the instance's stream.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <vector>

#include "instance.hpp"
#include "shader_params.hpp"
#include "stream.hpp"

namespace strata_vk {

// A binding and the strides of its tensor along the axes of an iteration space.
struct SpaceOperand {
  uint32_t binding;
  const int64_t* strides;
};

class Launch {
 public:
  // `constants` are the shader's own specialization constants (1, 2, ...); the workgroup
  // size is constant 0.
  Launch(strata_instance& instance, std::string shader, uint32_t workgroup_size,
         std::vector<uint32_t> constants = {});

  ShaderParams& params() { return dispatch_.params; }

  // Binds the range of t's buffer that t touches at binding `b` (from an aligned offset at or
  // before its first element); params.offset[b] becomes that element's index in the binding.
  // check_call has made sure the range fits the device's maxStorageBufferRange. `written`
  // orders the dispatch after earlier readers too; it must be true whenever the shader declares
  // the binding writable, even if this dispatch does not write it, as the validation layer
  // judges by the declaration.
  void bind(uint32_t b, const strata_tensor& t, bool written);
  // Binds raw memory (scratch) at binding `b`.
  void bind(uint32_t b, const Allocation& allocation, uint64_t size, bool written);

  // The iteration space: `shape` (rank axes), each operand's strides along it. With `merge`,
  // size-1 axes are dropped and axes contiguous in every operand merged; without, shaders may
  // rely on the axes as given. Sets count to the number of items.
  void space(int rank, const int64_t* shape, std::span<const SpaceOperand> operands,
             bool merge = true);
  void space(int rank, const int64_t* shape, std::initializer_list<SpaceOperand> operands,
             bool merge = true) {
    space(rank, shape, std::span<const SpaceOperand>(operands.begin(), operands.size()), merge);
  }
  // The same for the second space (rows, reduced axes, index positions); sets inner. Not
  // merged: shaders may turn positions in it back into indices.
  void space2(int rank, const int64_t* shape, std::initializer_list<SpaceOperand> operands);

  // Records the dispatch with one item per invocation over params().count items (a
  // grid-stride loop covers the rest), or `groups` workgroups.
  void run_items(const IndexCheck* check = nullptr);
  void run_groups(uint32_t x, uint32_t y = 1, uint32_t z = 1);

 private:
  void record(const IndexCheck* check);

  strata_instance& instance_;
  std::string shader_;
  std::vector<uint32_t> constants_;
  Dispatch dispatch_;
};

// One tensor of an elementwise dispatch and the binding it takes.
struct ElementwiseOperand {
  uint32_t binding;
  const strata_tensor* tensor;
  bool written;
};

// Binds `operands` (all of one shape) and runs `launch` with one item per element.
void run_elementwise(Launch& launch, std::initializer_list<ElementwiseOperand> operands);

// The largest workgroup count along x that every device accepts.
constexpr uint32_t kMaxGroups = 65535;

// The workgroup of shaders that fold with workgroup_reduce.glsl (reduce, softmax, the filter
// gradient): 128 invocations, or the subgroup size if that is larger (subgroup folds need whole
// subgroups). One size keeps one pipeline per shader.
uint32_t row_workgroup(const strata_instance& instance);

}  // namespace strata_vk
