// check_op_call, part one: the call's operand arrays and each descriptor on its own (dtype,
// rank, sizes, strides, buffer, and the bytes it reaches inside that buffer).
#include "descriptor_check.hpp"

#include <fmt/format.h>
#include <strata/kit/op_name.hpp>
#include <strata/kit/op_table.hpp>

#include <cstring>

#include "../ops/op_names.hpp"
#include "backend_call.hpp"
#include "descriptor_rules.hpp"
#include "strata/dtype.hpp"
#include "strata/op_error.hpp"

namespace strata::runtime {
namespace check_detail {

std::string shape_text(const strata_tensor& t) {
  std::string text = "(";
  for (int32_t k = 0; k < t.rank; ++k) text += fmt::format("{}{}", k ? "," : "", t.shape[k]);
  return text + (t.rank == 1 ? ",)" : ")");
}

std::string strides_text(const strata_tensor& t) {
  std::string text = "(";
  for (int32_t k = 0; k < t.rank; ++k) text += fmt::format("{}{}", k ? "," : "", t.strides[k]);
  return text + (t.rank == 1 ? ",)" : ")");
}

std::string CallView::op() const {
  const int code = kit::op_code(call_);
  const std::string_view known = kit::op_name(code);
  const std::string name = known.empty() ? fmt::format("op {}", code) : std::string(known);
  switch (code) {
    case STRATA_OP_UNARY:
    case STRATA_OP_UNARY_BACKWARD:
      return fmt::format("{} {}", name, ops_detail::unary_name(call_.sub_op));
    case STRATA_OP_BINARY:
      return fmt::format("{} {}", name, ops_detail::binary_name(call_.sub_op));
    case STRATA_OP_REDUCE:
      return fmt::format("{} {}", name, ops_detail::reduce_name(call_.sub_op));
    default:
      return name;
  }
}

std::string CallView::describe(Slot slot) const {
  const strata_tensor& t = (*this)[slot];
  return fmt::format("{} {} ({} {}, strides {}, byte offset {})", slot.output ? "output" : "input",
                     slot.index, dtype_name(static_cast<DType>(t.dtype)), shape_text(t),
                     strides_text(t), t.byte_offset);
}

}  // namespace check_detail

namespace {

using namespace check_detail;

constexpr const char* kRole[] = {"input", "output"};

// The descriptor's dtype code as an int: a host may pass any value, and loading one outside
// strata_dtype's range as the enum is undefined behaviour in C++ (UBSan reports it).
int dtype_code(const strata_tensor& t) {
  int code = 0;
  static_assert(sizeof code == sizeof t.dtype);
  std::memcpy(&code, &t.dtype, sizeof code);
  return code;
}

bool known_dtype(int code) {
  return code >= STRATA_F32 && code <= STRATA_U8;
}

void check_operand_arrays(const CallView& view) {
  const strata_op_call& call = view.call();
  if (call.struct_size < sizeof(strata_op_call)) {
    throw ValueError(
        fmt::format("{}: the call's struct_size is {}, smaller than "
                    "strata_op_call ({}); set it to sizeof(strata_op_call)",
                    view.op(), call.struct_size, sizeof(strata_op_call)));
  }
  const Arity arity = arity_of(view);
  if (call.num_inputs != arity.inputs || call.num_outputs != arity.outputs) {
    throw ValueError(
        fmt::format("{}: takes {} inputs and {} outputs, but the call has {} and {}; "
                    "pass the operands the ABI lists for this op",
                    view.op(), arity.inputs, arity.outputs, call.num_inputs, call.num_outputs));
  }
  for (const bool output : {false, true}) {
    const strata_tensor* const* list = output ? call.outputs : call.inputs;
    const size_t count = output ? call.num_outputs : call.num_inputs;
    for (size_t i = 0; i < count; ++i) {
      if (list == nullptr || list[i] == nullptr) {
        throw ValueError(fmt::format("{}: {} {} is a NULL descriptor; point it at a strata_tensor",
                                     view.op(), kRole[output], i));
      }
    }
  }
}

// The structure of one descriptor: everything but its buffer.
void check_metadata(const CallView& view, Slot slot) {
  const strata_tensor& t = view[slot];
  const char* role = kRole[slot.output];
  if (t.struct_size < sizeof(strata_tensor)) {
    throw ValueError(
        fmt::format("{}: {} {}: struct_size is {}, smaller than strata_tensor ({}); "
                    "set it to sizeof(strata_tensor)",
                    view.op(), role, slot.index, t.struct_size, sizeof(strata_tensor)));
  }
  if (const int code = dtype_code(t); !known_dtype(code)) {
    throw DTypeError(
        fmt::format("{}: {} {}: dtype code {} is not an ABI 1.0 dtype (1 = f32 .. "
                    "7 = u8)",
                    view.op(), role, slot.index, code));
  }
  if (t.rank < 0 || t.rank > STRATA_MAX_RANK) {
    throw ShapeError(fmt::format("{}: {} {}: rank {} is outside 0..{}", view.op(), role, slot.index,
                                 t.rank, STRATA_MAX_RANK));
  }
  for (int32_t k = 0; k < t.rank; ++k) {
    if (t.shape[k] < 0) {
      throw ShapeError(fmt::format("{}: {} {} has shape {}: size {} on axis {} is negative",
                                   view.op(), role, slot.index, shape_text(t), t.shape[k], k));
    }
    if (t.strides[k] < 0) {
      throw ValueError(fmt::format(
          "{}: {} {} has strides {}: stride {} on axis {} is negative; the ABI takes strides "
          ">= 0 (0 broadcasts), so copy a reversed view into a fresh tensor first",
          view.op(), role, slot.index, strides_text(t), t.strides[k], k));
    }
    if (slot.output && t.strides[k] == 0 && t.shape[k] > 1) {
      throw ValueError(
          fmt::format("{}: output {} has shape {} and strides {}: stride 0 on axis "
                      "{} broadcasts an output, which the ABI forbids; write into a "
                      "tensor with its own storage",
                      view.op(), slot.index, shape_text(t), strides_text(t), k));
    }
  }
}

bool is_empty(const strata_tensor& t) {
  for (int32_t k = 0; k < t.rank; ++k) {
    if (t.shape[k] == 0) return true;
  }
  return false;
}

// One past the last byte the descriptor reaches, or nullopt when that overflows 64 bits.
std::optional<uint64_t> end_byte(const strata_tensor& t) {
  uint64_t last = 0;  // element index of the farthest element
  for (int32_t k = 0; k < t.rank; ++k) {
    uint64_t step = 0;
    if (__builtin_mul_overflow(static_cast<uint64_t>(t.shape[k] - 1),
                               static_cast<uint64_t>(t.strides[k]), &step) ||
        __builtin_add_overflow(last, step, &last)) {
      return std::nullopt;
    }
  }
  uint64_t bytes = 0;
  if (__builtin_mul_overflow(last + 1, dtype_size(static_cast<DType>(t.dtype)), &bytes) ||
      __builtin_add_overflow(bytes, t.byte_offset, &bytes)) {
    return std::nullopt;
  }
  return bytes;
}

void check_extent(const CallView& view, Slot slot, const BufferTable& buffers) {
  const strata_tensor& t = view[slot];
  if (t.buffer == nullptr) {
    throw ValueError(fmt::format("{}: {} has no buffer; allocate one with Backend::alloc",
                                 view.op(), view.describe(slot)));
  }
  const std::optional<uint64_t> size = buffers.size_of(t.buffer);
  if (!size) {
    throw ValueError(fmt::format(
        "{}: {}: its buffer was not allocated by this backend instance, or was freed; use a "
        "buffer from this Backend's alloc and keep it alive until the op has run",
        view.op(), view.describe(slot)));
  }
  // An empty tensor touches no byte; a view at the very end of its buffer is still legal.
  const std::optional<uint64_t> end = is_empty(t) ? std::optional(t.byte_offset) : end_byte(t);
  if (end && *end <= *size) return;
  throw ValueError(fmt::format(
      "{}: {} reaches {} but its buffer holds {} bytes; allocate at least that many bytes, or fix "
      "the shape, strides or byte offset",
      view.op(), view.describe(slot),
      end ? fmt::format("byte {}", *end) : std::string("past 2^64 bytes"), *size));
}

// Element for element the same bytes: an in-place elementwise update, which every plugin's
// element loop survives.
bool same_layout(const strata_tensor& a, const strata_tensor& b) {
  if (a.byte_offset != b.byte_offset || a.rank != b.rank ||
      dtype_size(static_cast<DType>(a.dtype)) != dtype_size(static_cast<DType>(b.dtype))) {
    return false;
  }
  for (int32_t k = 0; k < a.rank; ++k) {
    if (a.shape[k] != b.shape[k] || a.strides[k] != b.strides[k]) return false;
  }
  return true;
}

// The ABI forbids an output to alias an input, except in the in-place optimiser ops. The core
// refuses partial overlaps (an output reaching into bytes of an input laid out differently),
// which make plugins read what they have just written, or copy between overlapping ranges; an
// identical layout (x = x + 1) is let through. The check compares the byte spans the two reach
// in a shared buffer: conservative for interleaved views (which the core never makes).
void check_no_alias(const CallView& view) {
  if (view.code() == STRATA_OP_OPTIMIZER) return;
  const strata_op_call& call = view.call();
  for (size_t o = 0; o < call.num_outputs; ++o) {
    const strata_tensor& y = view[out(o)];
    if (is_empty(y)) continue;
    for (size_t i = 0; i < call.num_inputs; ++i) {
      const strata_tensor& x = view[in(i)];
      if (x.buffer != y.buffer || is_empty(x) || same_layout(x, y)) continue;
      if (x.byte_offset < *end_byte(y) && y.byte_offset < *end_byte(x)) {
        throw ValueError(fmt::format(
            "{}: {} overlaps {} in the same buffer; an output may not alias an input (only "
            "the optimiser ops update in place): write the result to another buffer",
            view.op(), view.describe(out(o)), view.describe(in(i))));
      }
    }
  }
}

}  // namespace

void check_op_call(const strata_op_call& call, const BufferTable& buffers) {
  const CallView view(call);
  check_operand_arrays(view);
  for (size_t i = 0; i < call.num_inputs; ++i) check_metadata(view, in(i));
  for (size_t i = 0; i < call.num_outputs; ++i) check_metadata(view, out(i));
  for (size_t i = 0; i < call.num_inputs; ++i) check_extent(view, in(i), buffers);
  for (size_t i = 0; i < call.num_outputs; ++i) check_extent(view, out(i), buffers);
  check_no_alias(view);
  check_op_rules(view);
}

}  // namespace strata::runtime
