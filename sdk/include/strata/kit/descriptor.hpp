// strata/kit/descriptor.hpp: checking the tensor descriptors of an op call against the ABI's
// rules, and the text messages show a descriptor as ("f32[2,3]", "f32[2,3] strides [3,1]").
//
// Part of the Strata plugin kit: optional, header-only C++20 help for plugin authors, beside the
// ABI itself. The ABI is the C99 header <strata/backend.h>; nothing in the kit is part of it, and
// a plugin written in C (sdk/template) never needs the kit. Messages are built with {fmt}.
#pragma once

#include <fmt/format.h>
#include <strata/backend.h>
#include <strata/kit/dtype.hpp>
#include <strata/kit/shape.hpp>
#include <strata/kit/status.hpp>

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace strata::kit {

// An operand's name in messages: "input 1", "output 0", or any text. Kept as its parts and
// formatted only when a check fails: formatting it on every call would cost more than the
// checks themselves on small ops.
struct Role {
  std::string_view text;
  int64_t index = -1;  // written after `text` when >= 0

  template <typename Text>
  requires std::convertible_to<const Text&, std::string_view> Role(const Text& role)
      : text(role) {}  // NOLINT: implicit, so callers may pass any text
  Role(std::string_view kind, int64_t i) : text(kind), index(i) {}
};

}  // namespace strata::kit

template <>
struct fmt::formatter<strata::kit::Role> : fmt::formatter<std::string_view> {
  template <typename Context>
  auto format(const strata::kit::Role& role, Context& ctx) const {
    if (role.index < 0) return fmt::formatter<std::string_view>::format(role.text, ctx);
    return fmt::format_to(ctx.out(), "{} {}", role.text, role.index);
  }
};

namespace strata::kit {

// "f32[2,3]": dtype and shape, without strides.
inline std::string shape_text(const strata_tensor& t) {
  std::string dims;
  for (int k = 0; k < t.rank; ++k) dims += fmt::format("{}{}", k ? "," : "", t.shape[k]);
  return fmt::format("{}[{}]", dtype_name(t.dtype), dims);
}

// "f32[2,3] strides [3,1]", with " offset N" when the byte offset is not 0.
inline std::string describe(const strata_tensor& t) {
  std::string strides;
  for (int k = 0; k < t.rank; ++k) strides += fmt::format("{}{}", k ? "," : "", t.strides[k]);
  std::string text = fmt::format("{} strides [{}]", shape_text(t), strides);
  if (t.byte_offset != 0) text += fmt::format(" offset {}", t.byte_offset);
  return text;
}

// The call has exactly the inputs and outputs the op takes.
inline Status check_arity(const strata_op_call& call, std::string_view op, size_t num_inputs,
                          size_t num_outputs) {
  if (call.num_inputs != num_inputs || call.num_outputs != num_outputs) {
    return invalid("{}: takes {} inputs and {} outputs, got {} and {}", op, num_inputs, num_outputs,
                   call.num_inputs, call.num_outputs);
  }
  return {};
}

// One descriptor's metadata: present, as large as ABI 1.0's struct, rank 0..8, a known dtype,
// sizes and strides >= 0, and, for an output, no broadcast (stride 0 on a dimension > 1).
// `role` names it in the message ("input 1").
inline Status check_descriptor(std::string_view op, const Role& role, const strata_tensor* t,
                               bool is_output) {
  if (t == nullptr) return invalid("{}: {} is NULL", op, role);
  if (t->struct_size < offsetof(strata_tensor, byte_offset) + sizeof(t->byte_offset)) {
    return invalid("{}: {} has struct_size {}, smaller than ABI 1.0's strata_tensor", op, role,
                   t->struct_size);
  }
  if (t->rank < 0 || t->rank > STRATA_MAX_RANK) {
    return invalid("{}: {} has rank {}; ranks are 0..{}", op, role, t->rank, STRATA_MAX_RANK);
  }
  if (dtype_size(t->dtype) == 0) {
    return invalid("{}: {} has unknown dtype {}", op, role, static_cast<int>(t->dtype));
  }
  for (int k = 0; k < t->rank; ++k) {
    if (t->shape[k] < 0 || t->strides[k] < 0) {
      return invalid("{}: {} {} has a negative size or stride on axis {}", op, role, describe(*t),
                     k);
    }
    if (is_output && t->strides[k] == 0 && t->shape[k] > 1) {
      return invalid(
          "{}: output {} {} is broadcast (stride 0) on axis {}; outputs need distinct elements", op,
          role, describe(*t), k);
    }
  }
  return {};
}

// One past the last byte `t` addresses, counted from the start of its buffer (t not empty, its
// metadata checked). 128 bits: sizes and strides are bounded only by the buffer.
inline unsigned __int128 end_byte(const strata_tensor& t) {
  unsigned __int128 last = 0;
  for (int k = 0; k < t.rank; ++k) {
    last += static_cast<unsigned __int128>(t.shape[k] - 1) * static_cast<uint64_t>(t.strides[k]);
  }
  return static_cast<unsigned __int128>(t.byte_offset) +
         (last + 1) * static_cast<unsigned __int128>(dtype_size(t.dtype));
}

// A buffer of `buffer_size` bytes holds every element of `t`.
inline Status check_extent(std::string_view op, const Role& role, const strata_tensor& t,
                           uint64_t buffer_size) {
  if (is_empty(t)) return {};
  const unsigned __int128 end = end_byte(t);
  if (end > buffer_size) {
    return invalid("{}: {} {} reaches byte {} of a {}-byte buffer", op, role, describe(t),
                   static_cast<uint64_t>(end), buffer_size);
  }
  return {};
}

// check_arity, then every descriptor (inputs, then outputs); with `need_buffers`, also that
// each has a buffer holding all its elements. buffer_size(const strata_buffer&) gives a
// buffer's size in bytes: buffers are the plugin's own objects.
template <typename BufferSize>
Status check_call(const strata_op_call& call, std::string_view op, size_t num_inputs,
                  size_t num_outputs, bool need_buffers, BufferSize&& buffer_size) {
  if (Status s = check_arity(call, op, num_inputs, num_outputs); !s.ok()) return s;
  auto check = [&](const strata_tensor* t, std::string_view kind, size_t i) -> Status {
    const Role role(kind, static_cast<int64_t>(i));
    if (Status s = check_descriptor(op, role, t, kind == "output"); !s.ok()) return s;
    if (!need_buffers) return {};
    if (t->buffer == nullptr) return invalid("{}: {} has no buffer", op, role);
    return check_extent(op, role, *t, buffer_size(*t->buffer));
  };
  for (size_t i = 0; i < num_inputs; ++i) {
    if (Status s = check(call.inputs[i], "input", i); !s.ok()) return s;
  }
  for (size_t i = 0; i < num_outputs; ++i) {
    if (Status s = check(call.outputs[i], "output", i); !s.ok()) return s;
  }
  return {};
}

// "a f32[2,3], b f32[3], out f32[2,3]": the call's inputs then outputs, named by `roles`.
inline std::string operands_text(const strata_op_call& call,
                                 std::initializer_list<std::string_view> roles) {
  std::string text;
  size_t i = 0;
  for (std::string_view role : roles) {
    if (i == call.num_inputs + call.num_outputs) break;
    const strata_tensor* t =
        i < call.num_inputs ? call.inputs[i] : call.outputs[i - call.num_inputs];
    text += fmt::format("{}{} {}", i ? ", " : "", role, shape_text(*t));
    ++i;
  }
  return text;
}

// Every input has out[0]'s shape, as elementwise ops need (the host broadcasts by stride 0);
// `roles` names inputs then outputs for the message.
inline Status check_same_shapes(std::string_view op, const strata_op_call& call,
                                std::initializer_list<std::string_view> roles) {
  const strata_tensor& out = *call.outputs[0];
  for (size_t i = 0; i < call.num_inputs; ++i) {
    if (!same_shape(*call.inputs[i], out)) {
      return invalid("{}: {}: shapes differ (broadcast an input with stride 0 instead)", op,
                     operands_text(call, roles));
    }
  }
  return {};
}

}  // namespace strata::kit
