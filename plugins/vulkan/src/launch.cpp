#include "launch.hpp"

#include <algorithm>
#include <bit>

#include "dtypes.hpp"
#include "tensor_checks.hpp"

namespace strata_vk {
namespace {

// Bytes [first, end) of non-empty t within its buffer.
std::pair<uint64_t, uint64_t> byte_extent(const strata_tensor& t) {
  uint64_t last = 0;
  for (int k = 0; k < t.rank; ++k) last += static_cast<uint64_t>(t.shape[k] - 1) * t.strides[k];
  return {t.byte_offset, t.byte_offset + (last + 1) * dtype_size(t.dtype)};
}

}  // namespace

Launch::Launch(strata_instance& instance, std::string shader, uint32_t workgroup_size,
               std::vector<uint32_t> constants)
    : instance_(instance), shader_(std::move(shader)) {
  constants_.push_back(workgroup_size);
  constants_.insert(constants_.end(), constants.begin(), constants.end());
}

void Launch::bind(uint32_t b, const strata_tensor& t, bool written) {
  const Allocation& a = t.buffer->allocation;
  if (is_empty(t)) {  // nothing to address; any valid range will do
    dispatch_.buffers[b] = {a.buffer(), a.offset, std::min<uint64_t>(a.size, 256), written};
    return;
  }
  const uint64_t size = dtype_size(t.dtype);
  const auto [first, end] = byte_extent(t);
  const uint64_t alignment =
      std::max<uint64_t>(instance_.device.limits().minStorageBufferOffsetAlignment, size);
  const uint64_t absolute_first = a.offset + first;
  const uint64_t bind_offset = absolute_first / alignment * alignment;
  // Whole 32-bit words, still inside the allocation (its size is a multiple of 256). At most
  // the tensor's span + 259 bytes: within maxStorageBufferRange by check_call.
  const uint64_t range = (a.offset + end - bind_offset + 3) / 4 * 4;
  dispatch_.buffers[b] = {a.buffer(), bind_offset, range, written};
  dispatch_.params.offset[b] = static_cast<uint32_t>((absolute_first - bind_offset) / size);
}

void Launch::bind(uint32_t b, const Allocation& allocation, uint64_t size, bool written) {
  const uint64_t range = std::max<uint64_t>((size + 3) / 4 * 4, 4);
  dispatch_.buffers[b] = {allocation.buffer(), allocation.offset, range, written};
  dispatch_.params.offset[b] = 0;
}

void Launch::space(int rank, const int64_t* shape, std::span<const SpaceOperand> operands,
                   bool merge_axes) {
  ShaderParams& p = dispatch_.params;
  int64_t count = 1;
  for (int k = 0; k < rank; ++k) count *= shape[k];
  p.count = static_cast<uint32_t>(count);
  p.rank = 0;
  if (count == 0) return;
  for (int k = 0; k < rank; ++k) {
    if (shape[k] == 1 && merge_axes) continue;
    // Merge into the previous kept axis when every operand steps through both as one.
    const bool merge =
        merge_axes && p.rank > 0 && std::all_of(operands.begin(), operands.end(), [&](auto& o) {
          return o.strides[k] * shape[k] == static_cast<int64_t>(p.strides[o.binding][p.rank - 1]);
        });
    if (merge) {
      p.shape[p.rank - 1] *= static_cast<uint32_t>(shape[k]);
      for (const SpaceOperand& o : operands) {
        p.strides[o.binding][p.rank - 1] = static_cast<uint32_t>(o.strides[k]);
      }
      continue;
    }
    p.shape[p.rank] = static_cast<uint32_t>(shape[k]);
    for (const SpaceOperand& o : operands) {
      p.strides[o.binding][p.rank] = static_cast<uint32_t>(o.strides[k]);
    }
    ++p.rank;
  }
}

void Launch::space2(int rank, const int64_t* shape, std::initializer_list<SpaceOperand> operands) {
  ShaderParams& p = dispatch_.params;
  int64_t count = 1;
  for (int k = 0; k < rank; ++k) count *= shape[k];
  p.inner = static_cast<uint32_t>(count);
  p.rank2 = static_cast<uint32_t>(rank);
  for (int k = 0; k < rank; ++k) {
    p.shape2[k] = static_cast<uint32_t>(shape[k]);
    for (const SpaceOperand& o : operands) {
      p.strides2[o.binding][k] = shape[k] == 1 ? 0 : static_cast<uint32_t>(o.strides[k]);
    }
  }
}

void Launch::run_items(const IndexCheck* check) {
  const uint32_t workgroup = constants_[0];
  const uint64_t groups = (uint64_t{dispatch_.params.count} + workgroup - 1) / workgroup;
  dispatch_.groups[0] = static_cast<uint32_t>(std::clamp<uint64_t>(groups, 1, kMaxGroups));
  record(check);
}

void Launch::run_groups(uint32_t x, uint32_t y, uint32_t z) {
  dispatch_.groups[0] = std::clamp<uint32_t>(x, 1, kMaxGroups);
  dispatch_.groups[1] = std::clamp<uint32_t>(y, 1, kMaxGroups);
  dispatch_.groups[2] = std::clamp<uint32_t>(z, 1, kMaxGroups);
  record(nullptr);
}

void Launch::record(const IndexCheck* check) {
  dispatch_.pipeline = instance_.pipelines.get(shader_, constants_);
  instance_.stream.dispatch(dispatch_, check);
}

void run_elementwise(Launch& launch, std::initializer_list<ElementwiseOperand> operands) {
  const strata_tensor& shape = *operands.begin()->tensor;
  for (const ElementwiseOperand& o : operands) launch.bind(o.binding, *o.tensor, o.written);
  // Every operand has `shape`; list their strides for the merge of contiguous axes.
  SpaceOperand strides[kNumBindings];
  size_t n = 0;
  for (const ElementwiseOperand& o : operands) strides[n++] = {o.binding, o.tensor->strides};
  launch.space(shape.rank, shape.shape, std::span<const SpaceOperand>(strides, n));
  if (launch.params().count > 0) launch.run_items();
}

uint32_t row_workgroup(const strata_instance& instance) {
  return std::bit_ceil(std::max<uint32_t>(instance.device.features().subgroup_size, 128));
}

}  // namespace strata_vk
