#include "tensor_checks.hpp"

#include <fmt/format.h>

#include "buffer.hpp"
#include "dtypes.hpp"
#include "error.hpp"

namespace strata_vk {
namespace {

constexpr int64_t kMaxElements = (int64_t{1} << 31) - 1;

// One past the last byte t touches, relative to its buffer (t not empty).
unsigned __int128 end_byte(const strata_tensor& t) {
  unsigned __int128 last = 0;
  for (int k = 0; k < t.rank; ++k) {
    last += static_cast<unsigned __int128>(t.shape[k] - 1) * static_cast<uint64_t>(t.strides[k]);
  }
  return t.byte_offset + (last + 1) * dtype_size(t.dtype);
}

void check_descriptor(std::string_view op, std::string_view role, const strata_tensor* t,
                      bool is_output, bool need_buffer, uint64_t max_binding) {
  if (t == nullptr) invalid("{}: {} is NULL", op, role);
  if (t->struct_size < offsetof(strata_tensor, byte_offset) + sizeof(t->byte_offset)) {
    invalid("{}: {} has struct_size {}, smaller than ABI 1.0's strata_tensor", op, role,
            t->struct_size);
  }
  if (t->rank < 0 || t->rank > STRATA_MAX_RANK) {
    invalid("{}: {} has rank {}; ranks are 0..{}", op, role, t->rank, STRATA_MAX_RANK);
  }
  const size_t size = dtype_size(t->dtype);
  if (size == 0) invalid("{}: {} has unknown dtype {}", op, role, static_cast<int>(t->dtype));
  for (int k = 0; k < t->rank; ++k) {
    if (t->shape[k] < 0 || t->strides[k] < 0) {
      invalid("{}: {} {} has a negative size or stride on axis {}", op, role, describe(*t), k);
    }
    if (is_output && t->strides[k] == 0 && t->shape[k] > 1) {
      invalid(
          "{}: output {} {} is broadcast (stride 0) on axis {}; outputs need distinct "
          "elements",
          op, role, describe(*t), k);
    }
  }
  if (element_count(*t) > kMaxElements) {
    unsupported(
        "{}: {} {} has more than 2^31 - 1 elements, the most one vulkan dispatch "
        "indexes",
        op, role, shape_text(*t));
  }
  if (t->byte_offset % size != 0) {
    unsupported(
        "{}: {} {}: a byte offset that is not a multiple of the {}-byte element size "
        "cannot be addressed by a shader",
        op, role, describe(*t), size);
  }
  if (is_empty(*t)) {
    if (need_buffer && t->buffer == nullptr) invalid("{}: {} has no buffer", op, role);
    return;
  }
  const unsigned __int128 end = end_byte(*t);
  // Its binding starts up to an alignment (<= 256 bytes) before the first element and is
  // rounded up to whole words (see Launch::bind).
  if (end - t->byte_offset + 512 > max_binding) {
    unsupported(
        "{}: {} {} spans {} bytes; one storage buffer binding on this device covers at "
        "most {}",
        op, role, describe(*t), static_cast<uint64_t>(end - t->byte_offset), max_binding);
  }
  if (!need_buffer) return;
  if (t->buffer == nullptr) invalid("{}: {} has no buffer", op, role);
  if (end > t->buffer->size) {
    invalid("{}: {} {} reaches byte {} of a {}-byte buffer", op, role, describe(*t),
            static_cast<uint64_t>(end), t->buffer->size);
  }
}

}  // namespace

int64_t element_count(const strata_tensor& t) {
  int64_t n = 1;
  for (int k = 0; k < t.rank; ++k) {
    if (t.shape[k] == 0) return 0;
    n = t.shape[k] > INT64_MAX / n ? INT64_MAX : n * t.shape[k];
  }
  return n;
}

bool is_empty(const strata_tensor& t) {
  return element_count(t) == 0;
}

bool same_shape(const strata_tensor& a, const strata_tensor& b) {
  return a.rank == b.rank && std::equal(a.shape, a.shape + a.rank, b.shape);
}

std::string shape_text(const strata_tensor& t) {
  std::string dims;
  for (int k = 0; k < t.rank; ++k) dims += fmt::format("{}{}", k ? "," : "", t.shape[k]);
  return fmt::format("{}[{}]", dtype_name(t.dtype), dims);
}

std::string describe(const strata_tensor& t) {
  std::string strides;
  for (int k = 0; k < t.rank; ++k) strides += fmt::format("{}{}", k ? "," : "", t.strides[k]);
  std::string text = fmt::format("{} strides [{}]", shape_text(t), strides);
  if (t.byte_offset != 0) text += fmt::format(" offset {}", t.byte_offset);
  return text;
}

void check_call(const strata_op_call& call, std::string_view op, size_t num_inputs,
                size_t num_outputs, bool need_buffers, uint64_t max_binding) {
  if (call.num_inputs != num_inputs || call.num_outputs != num_outputs) {
    invalid("{}: takes {} inputs and {} outputs, got {} and {}", op, num_inputs, num_outputs,
            call.num_inputs, call.num_outputs);
  }
  if ((num_inputs > 0 && call.inputs == nullptr) || (num_outputs > 0 && call.outputs == nullptr)) {
    invalid("{}: the call's inputs or outputs array is NULL", op);
  }
  for (size_t i = 0; i < num_inputs; ++i) {
    check_descriptor(op, fmt::format("input {}", i), call.inputs[i], false, need_buffers,
                     max_binding);
  }
  for (size_t i = 0; i < num_outputs; ++i) {
    check_descriptor(op, fmt::format("output {}", i), call.outputs[i], true, need_buffers,
                     max_binding);
  }
}

void check_same_shapes(const strata_op_call& call, std::string_view op) {
  const strata_tensor& out = *call.outputs[0];
  for (size_t i = 0; i < call.num_inputs; ++i) {
    if (!same_shape(*call.inputs[i], out)) {
      invalid(
          "{}: input {} is {} but the output is {}: shapes differ (broadcast an input with "
          "stride 0 instead)",
          op, i, shape_text(*call.inputs[i]), shape_text(out));
    }
  }
}

}  // namespace strata_vk
