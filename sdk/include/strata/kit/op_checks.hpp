// strata/kit/op_checks.hpp: the ABI's rules for each op's parameters, dtypes and shapes, as
// functions returning a Status whose message names the op, the tensors and the fix. A plugin
// calls them after checking the call's descriptors (descriptor.hpp), then adds its own limits
// (dtypes it leaves to another backend, device limits) after them.
//
// Part of the Strata plugin kit: optional, header-only C++20 help for plugin authors, beside the
// ABI itself. The ABI is the C99 header <strata/backend.h>; nothing in the kit is part of it, and
// a plugin written in C (sdk/template) never needs the kit. Messages are built with {fmt}.
#pragma once

#include <fmt/format.h>
#include <strata/backend.h>
#include <strata/kit/descriptor.hpp>
#include <strata/kit/dtype.hpp>
#include <strata/kit/half.hpp>
#include <strata/kit/params.hpp>
#include <strata/kit/shape.hpp>
#include <strata/kit/status.hpp>
#include <strata/kit/window.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace strata::kit {

// ---- any op with a params struct -------------------------------------------------------------

// Params the op cannot do without are present: "{op}: params are NULL; {need}".
inline Status check_params_present(const strata_op_call& call, std::string_view op,
                                   std::string_view need) {
  if (call.params == nullptr) return invalid("{}: params are NULL; {}", op, need);
  return {};
}

// ---- elementwise: COPY, WHERE, UNARY ----------------------------------------------------------

// COPY: one dtype, one shape.
inline Status check_copy(const strata_op_call& call, std::string_view op = "copy") {
  if (call.inputs[0]->dtype != call.outputs[0]->dtype) {
    return invalid("{}: {}: dtypes differ (use cast to convert)", op,
                   operands_text(call, {"in", "out"}));
  }
  return check_same_shapes(op, call, {"in", "out"});
}

// WHERE: a u8 condition, a and b of out's dtype, one shape.
inline Status check_where(const strata_op_call& call, std::string_view op = "where") {
  const std::initializer_list<std::string_view> roles = {"cond", "a", "b", "out"};
  const strata_tensor& out = *call.outputs[0];
  if (call.inputs[0]->dtype != STRATA_U8) {
    return invalid("{}: {}: cond must be u8", op, operands_text(call, roles));
  }
  if (call.inputs[1]->dtype != out.dtype || call.inputs[2]->dtype != out.dtype) {
    return invalid("{}: {}: a, b and out need one dtype", op, operands_text(call, roles));
  }
  return check_same_shapes(op, call, roles);
}

// UNARY and UNARY_BACKWARD: float dtypes only, one dtype and one shape for every tensor.
inline Status check_unary(std::string_view op, const strata_op_call& call,
                          std::initializer_list<std::string_view> roles) {
  const strata_tensor& out = *call.outputs[0];
  if (!is_float(out.dtype)) {
    return unsupported("{}: {}: float dtypes only", op, operands_text(call, roles));
  }
  for (size_t i = 0; i < call.num_inputs; ++i) {
    if (call.inputs[i]->dtype != out.dtype) {
      return invalid("{}: {}: all tensors need one dtype", op, operands_text(call, roles));
    }
  }
  return check_same_shapes(op, call, roles);
}

// ---- GATHER and SCATTER_ADD -------------------------------------------------------------------

// The row tensor (gather's output, scatter-add's updates, named by rows_role) is S followed by
// the table's trailing dimensions, with S the indices' shape; indices are i32 or i64.
inline Status check_gather_rows(std::string_view op, const strata_tensor& table,
                                const strata_tensor& indices, const strata_tensor& rows,
                                std::string_view rows_role) {
  if (indices.dtype != STRATA_I32 && indices.dtype != STRATA_I64) {
    return invalid("{}: indices are {}; they must be i32 or i64", op, shape_text(indices));
  }
  if (table.rank < 1) {
    return invalid("{}: table is {}; it needs rank >= 1 (rows along axis 0)", op,
                   shape_text(table));
  }
  if (rows.dtype != table.dtype) {
    return invalid("{}: table is {}, {} are {}: dtypes differ", op, shape_text(table), rows_role,
                   shape_text(rows));
  }
  const int expected_rank = indices.rank + table.rank - 1;
  if (expected_rank > STRATA_MAX_RANK) {
    return invalid("{}: table is {}, indices are {}: {} would have rank {}, above {}", op,
                   shape_text(table), shape_text(indices), rows_role, expected_rank,
                   STRATA_MAX_RANK);
  }
  strata_tensor expected = rows;
  expected.rank = expected_rank;
  std::copy(indices.shape, indices.shape + indices.rank, expected.shape);
  std::copy(table.shape + 1, table.shape + table.rank, expected.shape + indices.rank);
  if (!same_shape(expected, rows)) {
    return invalid("{}: table is {}, indices are {}: {} must be {}, got {}", op, shape_text(table),
                   shape_text(indices), rows_role, shape_text(expected), shape_text(rows));
  }
  return {};
}

// ---- REDUCE -----------------------------------------------------------------------------------

// "sum", "mean", "max", "min", "argmax", "argmin"; "" for an unknown sub-code.
constexpr std::string_view reduce_name(int32_t sub_op) {
  constexpr std::string_view kNames[] = {"sum", "mean", "max", "min", "argmax", "argmin"};
  static_assert(std::size(kNames) == STRATA_REDUCE_ARGMIN + 1, "one name per strata_reduce_op");
  return sub_op >= 0 && sub_op <= STRATA_REDUCE_ARGMIN ? kNames[sub_op] : std::string_view();
}

constexpr bool is_arg_reduce(int32_t sub_op) {
  return sub_op == STRATA_REDUCE_ARGMAX || sub_op == STRATA_REDUCE_ARGMIN;
}

// Whether axes_mask reduces `axis`.
constexpr bool reduces(uint32_t mask, int axis) {
  return ((mask >> axis) & 1u) != 0;
}

inline Status check_reduce_sub_op(int32_t sub_op) {
  if (reduce_name(sub_op).empty()) {
    return unsupported("reduce: unknown sub-code {} (ABI 1.0 has 0..{})", sub_op,
                       static_cast<int>(STRATA_REDUCE_ARGMIN));
  }
  return {};
}

// Dtypes (indices are i32 or i64; otherwise out has in's dtype; MEAN takes floats), the axes
// (inside in's rank; exactly one, not empty, for ARGMAX and ARGMIN) and out's keepdims shape.
inline Status check_reduce(std::string_view op, int32_t sub_op, uint32_t mask,
                           const strata_tensor& in, const strata_tensor& out) {
  if (is_arg_reduce(sub_op)) {
    if (out.dtype != STRATA_I32 && out.dtype != STRATA_I64) {
      return invalid("{}: in {}, out {}: indices are written as i32 or i64", op, shape_text(in),
                     shape_text(out));
    }
  } else if (out.dtype != in.dtype) {
    return invalid("{}: in {}, out {}: dtypes differ", op, shape_text(in), shape_text(out));
  } else if (sub_op == STRATA_REDUCE_MEAN && !is_float(in.dtype)) {
    return unsupported("{}: in {}: mean takes float dtypes only", op, shape_text(in));
  }
  if ((mask >> in.rank) != 0) {
    return invalid("{}: axes_mask {:#x} names an axis beyond in {} (rank {})", op, mask,
                   shape_text(in), in.rank);
  }
  if (is_arg_reduce(sub_op)) {
    if (std::popcount(mask) != 1) {
      return invalid("{}: axes_mask {:#x} names {} axes of in {}; {} reduces exactly one", op, mask,
                     std::popcount(mask), shape_text(in), reduce_name(sub_op));
    }
    const int axis = std::countr_zero(mask);
    if (in.shape[axis] == 0) {
      return invalid("{}: in {} is empty along axis {}: no index to return", op, shape_text(in),
                     axis);
    }
  }
  strata_tensor expected = out;
  expected.rank = in.rank;
  for (int k = 0; k < in.rank; ++k) expected.shape[k] = reduces(mask, k) ? 1 : in.shape[k];
  if (!same_shape(expected, out)) {
    return invalid("{}: in {} reduced over axes_mask {:#x} gives {}, but out is {}", op,
                   shape_text(in), mask, shape_text(expected), shape_text(out));
  }
  return {};
}

// The whole check of a reduction whose sub-code and descriptors are checked: params present,
// then check_reduce on the call's input and output. Sets `mask` to the axes on success.
inline Status check_reduce_call(const strata_op_call& call, std::string_view op, uint32_t& mask) {
  if (Status st = check_params_present(call, op, "reduce needs strata_reduce_params (axes_mask)");
      !st.ok()) {
    return st;
  }
  mask = read_params<strata_reduce_params>(call.params).axes_mask;
  return check_reduce(op, call.sub_op, mask, *call.inputs[0], *call.outputs[0]);
}

// ---- MATMUL -----------------------------------------------------------------------------------

// c = alpha a @ b + beta c: one float dtype, one rank 2..8, one batch shape, matching inner
// dimensions and c [..., M, N].
inline Status check_matmul(const strata_tensor& a, const strata_tensor& b, const strata_tensor& c,
                           std::string_view op = "matmul") {
  if (!is_float(c.dtype)) {
    return unsupported("{}: c is {}: matmul takes float dtypes only", op, shape_text(c));
  }
  if (a.dtype != c.dtype || b.dtype != c.dtype) {
    return invalid("{}: a is {}, b is {}, c is {}: all three need one dtype", op, shape_text(a),
                   shape_text(b), shape_text(c));
  }
  const int r = c.rank;
  if (r < 2 || a.rank != r || b.rank != r) {
    return invalid("{}: a is {}, b is {}, c is {}: all three need the same rank, 2..{}", op,
                   shape_text(a), shape_text(b), shape_text(c), STRATA_MAX_RANK);
  }
  if (!std::equal(a.shape, a.shape + r - 2, c.shape) ||
      !std::equal(b.shape, b.shape + r - 2, c.shape)) {
    return invalid("{}: a is {}, b is {}, c is {}: batch (leading) dimensions differ", op,
                   shape_text(a), shape_text(b), shape_text(c));
  }
  if (a.shape[r - 1] != b.shape[r - 2]) {
    return invalid("{}: a is {}, b is {}: inner dimensions {} and {} differ", op, shape_text(a),
                   shape_text(b), a.shape[r - 1], b.shape[r - 2]);
  }
  if (c.shape[r - 2] != a.shape[r - 2] || c.shape[r - 1] != b.shape[r - 1]) {
    return invalid("{}: a is {}, b is {}, c is {}: c must be [..., {}, {}]", op, shape_text(a),
                   shape_text(b), shape_text(c), a.shape[r - 2], b.shape[r - 1]);
  }
  return {};
}

// ---- CONV2D, CONV2D_BACKWARD_DATA, CONV2D_BACKWARD_FILTER --------------------------------------

// The role an op writes: y (forward), x (backward data) or w (backward filter).
enum class ConvTarget { kY = 0, kX = 1, kW = 2 };

// The three roles of a convolution, whichever of them are inputs or the output of the op.
struct ConvTensors {
  const strata_tensor* x;
  const strata_tensor* w;
  const strata_tensor* y;
  const char* x_name;  // "x" or "dx", for messages
  const char* w_name;
  const char* y_name;
};

// The roles of the call's two inputs and its output for the op writing `target`.
inline ConvTensors conv_tensors(const strata_op_call& call, ConvTarget target) {
  const strata_tensor* in0 = call.inputs[0];
  const strata_tensor* in1 = call.inputs[1];
  const strata_tensor* out = call.outputs[0];
  switch (target) {
    case ConvTarget::kX:
      return {out, in1, in0, "dx", "w", "dy"};
    case ConvTarget::kW:
      return {in0, out, in1, "x", "dw", "dy"};
    default:
      return {in0, in1, out, "x", "w", "y"};
  }
}

inline Status check_conv2d_params(std::string_view op, const strata_conv2d_params& p) {
  if (p.stride_h < 1 || p.stride_w < 1 || p.dilation_h < 1 || p.dilation_w < 1 || p.groups < 1 ||
      p.pad_top < 0 || p.pad_bottom < 0 || p.pad_left < 0 || p.pad_right < 0) {
    return invalid(
        "{}: stride ({}, {}), dilation ({}, {}), groups {} must be >= 1 and padding "
        "(top {}, bottom {}, left {}, right {}) >= 0",
        op, p.stride_h, p.stride_w, p.dilation_h, p.dilation_w, p.groups, p.pad_top, p.pad_bottom,
        p.pad_left, p.pad_right);
  }
  return {};
}

// The params, then the three roles against each other: one float dtype, rank 4, groups that
// divide C and F, and y's shape from the header's formula. Fills `s` on success.
inline Status check_conv2d(std::string_view op, const ConvTensors& t, const strata_conv2d_params& p,
                           ConvShape& s) {
  if (Status st = check_conv2d_params(op, p); !st.ok()) return st;
  const strata_tensor &x = *t.x, &w = *t.w, &y = *t.y;
  if (!is_float(y.dtype)) {
    return unsupported("{}: {} is {}: convolution takes float dtypes only", op, t.y_name,
                       shape_text(y));
  }
  if (x.dtype != y.dtype || w.dtype != y.dtype) {
    return invalid("{}: {} is {}, {} is {}, {} is {}: all three need one dtype", op, t.x_name,
                   shape_text(x), t.w_name, shape_text(w), t.y_name, shape_text(y));
  }
  if (x.rank != 4 || w.rank != 4 || y.rank != 4) {
    return invalid("{}: {} is {}, {} is {}, {} is {}: need rank 4 (NHWC, HWIO, NHWC)", op, t.x_name,
                   shape_text(x), t.w_name, shape_text(w), t.y_name, shape_text(y));
  }
  s = {x.shape[0], x.shape[1], x.shape[2], x.shape[3], w.shape[0], w.shape[1],
       w.shape[3], 0,          0,          0,          0};
  if (s.c % p.groups != 0 || s.f % p.groups != 0) {
    return invalid("{}: {} is {}, {} is {}: groups {} must divide C = {} and F = {}", op, t.x_name,
                   shape_text(x), t.w_name, shape_text(w), p.groups, s.c, s.f);
  }
  s.c_per_group = s.c / p.groups;
  s.f_per_group = s.f / p.groups;
  if (w.shape[2] != s.c_per_group) {
    return invalid("{}: {} is {}, {} is {}: the weight's third dimension must be C/groups = {}", op,
                   t.x_name, shape_text(x), t.w_name, shape_text(w), s.c_per_group);
  }
  s.oh = window_output_size(s.h, p.pad_top, p.pad_bottom, s.kh, p.dilation_h, p.stride_h);
  s.ow = window_output_size(s.w, p.pad_left, p.pad_right, s.kw, p.dilation_w, p.stride_w);
  if (s.oh < 0 || s.ow < 0) {
    return invalid(
        "{}: {} is {}, {} is {}: the dilated kernel does not fit the padded image "
        "(output size {}x{})",
        op, t.x_name, shape_text(x), t.w_name, shape_text(w), s.oh, s.ow);
  }
  const int64_t expected[4] = {s.n, s.oh, s.ow, s.f};
  if (!std::equal(expected, expected + 4, y.shape)) {
    return invalid(
        "{}: {} is {}, {} is {}: {} is {} but stride, padding and dilation give "
        "[{},{},{},{}]",
        op, t.x_name, shape_text(x), t.w_name, shape_text(w), t.y_name, shape_text(y), s.n, s.oh,
        s.ow, s.f);
  }
  return {};
}

// The whole check of a convolution call whose descriptors are checked: roles, params present,
// check_conv2d. Fills `t`, `p` and `s` on success.
inline Status check_conv2d_call(const strata_op_call& call, std::string_view op, ConvTarget target,
                                ConvTensors& t, strata_conv2d_params& p, ConvShape& s) {
  t = conv_tensors(call, target);
  if (Status st = check_params_present(call, op, "convolution needs strata_conv2d_params");
      !st.ok()) {
    return st;
  }
  p = read_params<strata_conv2d_params>(call.params);
  return check_conv2d(op, t, p, s);
}

// ---- POOL2D, POOL2D_BACKWARD ------------------------------------------------------------------

// Params present, then the sub-code (MAX or AVG). Fills `p` on success.
inline Status read_pool2d_params(const strata_op_call& call, std::string_view op,
                                 strata_pool2d_params& p) {
  if (Status st = check_params_present(call, op, "pooling needs strata_pool2d_params"); !st.ok()) {
    return st;
  }
  p = read_params<strata_pool2d_params>(call.params);
  if (call.sub_op != STRATA_POOL_MAX && call.sub_op != STRATA_POOL_AVG) {
    return unsupported("{}: sub-code {} is neither MAX (0) nor AVG (1)", op, call.sub_op);
  }
  return {};
}

// x is the image, y the pooled side (y or dy, named by y_name); `dx` is null in the forward op.
// The params' ranges, one float dtype, rank 4, dx of x's shape and y's shape from the formula.
// Fills `s` on success.
inline Status check_pool2d(std::string_view op, const strata_tensor& x, const strata_tensor& y,
                           std::string_view y_name, const strata_tensor* dx,
                           const strata_pool2d_params& p, PoolShape& s) {
  if (p.window_h < 1 || p.window_w < 1 || p.stride_h < 1 || p.stride_w < 1 || p.pad_top < 0 ||
      p.pad_bottom < 0 || p.pad_left < 0 || p.pad_right < 0) {
    return invalid(
        "{}: window ({}, {}) and stride ({}, {}) must be >= 1 and padding (top {}, bottom {}, "
        "left {}, right {}) >= 0",
        op, p.window_h, p.window_w, p.stride_h, p.stride_w, p.pad_top, p.pad_bottom, p.pad_left,
        p.pad_right);
  }
  if (!is_float(x.dtype)) {
    return unsupported("{}: x is {}: pooling takes float dtypes only", op, shape_text(x));
  }
  if (y.dtype != x.dtype || (dx != nullptr && dx->dtype != x.dtype)) {
    return invalid("{}: x is {}, {} is {}{}: need one dtype", op, shape_text(x), y_name,
                   shape_text(y), dx ? fmt::format(", dx is {}", shape_text(*dx)) : "");
  }
  if (x.rank != 4 || y.rank != 4) {
    return invalid("{}: x is {}, {} is {}: need rank 4 (NHWC)", op, shape_text(x), y_name,
                   shape_text(y));
  }
  if (dx != nullptr && !same_shape(*dx, x)) {
    return invalid("{}: x is {}, dx is {}: need the same shape", op, shape_text(x),
                   shape_text(*dx));
  }
  s = {x.shape[0], x.shape[1], x.shape[2], x.shape[3], 0, 0};
  s.oh = window_output_size(s.h, p.pad_top, p.pad_bottom, p.window_h, 1, p.stride_h);
  s.ow = window_output_size(s.w, p.pad_left, p.pad_right, p.window_w, 1, p.stride_w);
  if (s.oh < 0 || s.ow < 0) {
    return invalid("{}: x is {}: the window does not fit the padded image (output size {}x{})", op,
                   shape_text(x), s.oh, s.ow);
  }
  const int64_t expected[4] = {s.n, s.oh, s.ow, s.c};
  if (!std::equal(expected, expected + 4, y.shape)) {
    return invalid("{}: x is {}, {} is {}: window, stride and padding give [{},{},{},{}]", op,
                   shape_text(x), y_name, shape_text(y), s.n, s.oh, s.ow, s.c);
  }
  return {};
}

// The whole check of a pooling call whose descriptors are checked: read_pool2d_params, then
// check_pool2d on the call's tensors (forward: x, y; backward: dy, x, dx). Fills `p` and `s`.
inline Status check_pool2d_call(const strata_op_call& call, std::string_view op, bool backward,
                                strata_pool2d_params& p, PoolShape& s) {
  if (Status st = read_pool2d_params(call, op, p); !st.ok()) return st;
  if (backward) {
    return check_pool2d(op, *call.inputs[1], *call.inputs[0], "dy", call.outputs[0], p, s);
  }
  return check_pool2d(op, *call.inputs[0], *call.outputs[0], "y", nullptr, p, s);
}

// ---- SOFTMAX, SOFTMAX_BACKWARD ----------------------------------------------------------------

inline Status check_softmax_sub_op(std::string_view op, int32_t sub_op) {
  if (sub_op != STRATA_SOFTMAX && sub_op != STRATA_LOG_SOFTMAX) {
    return unsupported("{}: sub-code {} is neither SOFTMAX (0) nor LOG_SOFTMAX (1)", op, sub_op);
  }
  return {};
}

// The output and every input share one float dtype and one shape of rank >= 1.
inline Status check_softmax_tensors(std::string_view op, const strata_op_call& call) {
  const strata_tensor& out = *call.outputs[0];
  if (!is_float(out.dtype)) {
    return unsupported("{}: output is {}: softmax takes float dtypes only", op, shape_text(out));
  }
  if (out.rank < 1) {
    return invalid("{}: output is {}: softmax needs rank >= 1 (it runs over the last axis)", op,
                   shape_text(out));
  }
  for (size_t i = 0; i < call.num_inputs; ++i) {
    const strata_tensor& in = *call.inputs[i];
    if (in.dtype != out.dtype || !same_shape(in, out)) {
      return invalid("{}: input {} is {}, output is {}: need the same dtype and shape", op, i,
                     shape_text(in), shape_text(out));
    }
  }
  return {};
}

// ---- RANDOM -----------------------------------------------------------------------------------

// A known sub-code, drawing a float dtype (or u8 for BERNOULLI).
inline Status check_random_dtype(int32_t sub_op, const strata_tensor& out,
                                 std::string_view op = "random") {
  if (sub_op != STRATA_RANDOM_UNIFORM && sub_op != STRATA_RANDOM_NORMAL &&
      sub_op != STRATA_RANDOM_BERNOULLI) {
    return unsupported("{}: sub-code {} is not UNIFORM (0), NORMAL (1) or BERNOULLI (2)", op,
                       sub_op);
  }
  const bool u8_allowed = sub_op == STRATA_RANDOM_BERNOULLI && out.dtype == STRATA_U8;
  if (!is_float(out.dtype) && !u8_allowed) {
    return unsupported("{}: output is {}: sub-code {} draws float dtypes{}", op, shape_text(out),
                       sub_op, sub_op == STRATA_RANDOM_BERNOULLI ? " or u8" : "");
  }
  return {};
}

// UNIFORM: finite low < high whose difference, rounded to out's dtype as the exact rule rounds
// it, is finite and positive; NORMAL: a finite mean and stddev >= 0; BERNOULLI: 0 <= p <= 1.
inline Status check_random_params(int32_t sub_op, const strata_tensor& out,
                                  const strata_random_params& p, std::string_view op = "random") {
  if (sub_op == STRATA_RANDOM_UNIFORM) {
    const double lo = round_to(out.dtype, p.a), hi = round_to(out.dtype, p.b);
    if (!(std::isfinite(p.a) && std::isfinite(p.b) && p.a < p.b)) {
      return invalid("{}: uniform on {} needs finite low < high, got low {} and high {}", op,
                     shape_text(out), p.a, p.b);
    }
    if (!(std::isfinite(hi - lo) && lo < hi && std::isfinite(round_to(out.dtype, hi - lo)))) {
      return invalid(
          "{}: uniform on {}: low {} and high {} round to {} and {} in {}, whose difference "
          "is not a finite positive {} value",
          op, shape_text(out), p.a, p.b, lo, hi, dtype_name(out.dtype), dtype_name(out.dtype));
    }
  } else if (sub_op == STRATA_RANDOM_NORMAL) {
    if (!(std::isfinite(p.a) && std::isfinite(p.b) && p.b >= 0)) {
      return invalid(
          "{}: normal on {} needs a finite mean and a finite stddev >= 0, got mean {} and "
          "stddev {}",
          op, shape_text(out), p.a, p.b);
    }
  } else if (!(p.a >= 0 && p.a <= 1)) {
    return invalid("{}: bernoulli on {} needs 0 <= p <= 1, got p = {}", op, shape_text(out), p.a);
  }
  return {};
}

// ---- OPTIMIZER --------------------------------------------------------------------------------

// "SGD", "ADAM", "RMSPROP", "ADAGRAD"; nullptr for an unknown sub-code.
constexpr const char* optimizer_name(int32_t sub_op) {
  switch (sub_op) {
    case STRATA_OPTIMIZER_SGD:
      return "SGD";
    case STRATA_OPTIMIZER_ADAM:
      return "ADAM";
    case STRATA_OPTIMIZER_RMSPROP:
      return "RMSPROP";
    case STRATA_OPTIMIZER_ADAGRAD:
      return "ADAGRAD";
    default:
      return nullptr;
  }
}

// The outputs the header lists: w, then the rule's slots (a velocity only with momentum for
// SGD, a momentum buffer only with momentum for RMSPROP).
constexpr size_t optimizer_output_count(int32_t sub_op, const strata_optimizer_params& p) {
  switch (sub_op) {
    case STRATA_OPTIMIZER_SGD:
      return p.momentum != 0 ? 2 : 1;
    case STRATA_OPTIMIZER_ADAM:
      return 3;
    case STRATA_OPTIMIZER_RMSPROP:
      return p.momentum != 0 ? 3 : 2;
    default:
      return 2;
  }
}

// The same outputs by name, for messages.
constexpr const char* optimizer_output_names(int32_t sub_op, const strata_optimizer_params& p) {
  switch (sub_op) {
    case STRATA_OPTIMIZER_SGD:
      return p.momentum != 0 ? "w, velocity" : "w (momentum is 0)";
    case STRATA_OPTIMIZER_ADAM:
      return "w, m, v";
    case STRATA_OPTIMIZER_RMSPROP:
      return p.momentum != 0 ? "w, velocity, momentum buffer" : "w, velocity (momentum is 0)";
    default:
      return "w, accumulator";
  }
}

// The hyperparameters each rule reads, with the ranges that keep it finite and meaningful:
// "" when they are fine, else the offending one with its range.
inline std::string optimizer_param_problem(int32_t sub_op, const strata_optimizer_params& p) {
  auto in_range = [](double v, double lo, double hi) { return v >= lo && v <= hi; };
  if (!std::isfinite(p.learning_rate)) return fmt::format("learning_rate {}", p.learning_rate);
  const bool eps_ok = std::isfinite(p.epsilon) && p.epsilon >= 0;
  switch (sub_op) {
    case STRATA_OPTIMIZER_SGD:
      if (!in_range(p.momentum, 0, 1)) return fmt::format("momentum {} (need 0..1)", p.momentum);
      return "";
    case STRATA_OPTIMIZER_ADAM:
      if (!(in_range(p.beta1, 0, 1) && p.beta1 < 1) || !(in_range(p.beta2, 0, 1) && p.beta2 < 1)) {
        return fmt::format("beta1 {} and beta2 {} (need 0 <= beta < 1)", p.beta1, p.beta2);
      }
      if (!eps_ok) return fmt::format("epsilon {} (need finite, >= 0)", p.epsilon);
      if (!(std::isfinite(p.weight_decay) && p.weight_decay >= 0)) {
        return fmt::format("weight_decay {} (need finite, >= 0)", p.weight_decay);
      }
      if (p.step < 1) return fmt::format("step {} (need >= 1: the first update is step 1)", p.step);
      return "";
    case STRATA_OPTIMIZER_RMSPROP:
      if (!in_range(p.rho, 0, 1)) return fmt::format("rho {} (need 0..1)", p.rho);
      if (!in_range(p.momentum, 0, 1)) return fmt::format("momentum {} (need 0..1)", p.momentum);
      if (!eps_ok) return fmt::format("epsilon {} (need finite, >= 0)", p.epsilon);
      return "";
    default:
      if (!eps_ok) return fmt::format("epsilon {} (need finite, >= 0)", p.epsilon);
      return "";
  }
}

// What an optimizer call's sub-code and params say, once they are checked.
struct OptimizerCall {
  const char* name;  // "ADAM"
  strata_optimizer_params params;
  size_t num_outputs;  // w and the slots this rule and these params use
};

// A known rule, params present and in range, and the output count they ask for. Checks nothing
// about the tensors: check the descriptors with num_outputs, then check_optimizer_tensors.
inline Status read_optimizer_call(const strata_op_call& call, OptimizerCall& out,
                                  std::string_view op = "optimizer") {
  out.name = optimizer_name(call.sub_op);
  if (out.name == nullptr) {
    return unsupported("{}: sub-code {} is not SGD (0), ADAM (1), RMSPROP (2) or ADAGRAD (3)", op,
                       call.sub_op);
  }
  if (call.params == nullptr) {
    return invalid("{}: {}: params are NULL; optimizers need strata_optimizer_params", op,
                   out.name);
  }
  out.params = read_params<strata_optimizer_params>(call.params);
  if (std::string problem = optimizer_param_problem(call.sub_op, out.params); !problem.empty()) {
    return invalid("{}: {}: invalid hyperparameter: {}", op, out.name, problem);
  }
  out.num_outputs = optimizer_output_count(call.sub_op, out.params);
  if (call.num_outputs != out.num_outputs) {
    return invalid("{}: {} takes {} outputs ({}), got {}", op, out.name, out.num_outputs,
                   optimizer_output_names(call.sub_op, out.params), call.num_outputs);
  }
  return {};
}

// w is a float tensor; the gradient and every slot have its dtype and shape.
inline Status check_optimizer_tensors(const strata_op_call& call, const char* name,
                                      std::string_view op = "optimizer") {
  const strata_tensor& w = *call.outputs[0];
  if (!is_float(w.dtype)) {
    return unsupported("{}: {}: w is {}: optimizers take float dtypes only", op, name,
                       shape_text(w));
  }
  const strata_tensor& g = *call.inputs[0];
  if (g.dtype != w.dtype || !same_shape(g, w)) {
    return invalid("{}: {}: gradient is {}, w is {}: need the same dtype and shape", op, name,
                   shape_text(g), shape_text(w));
  }
  for (size_t i = 1; i < call.num_outputs; ++i) {
    const strata_tensor& slot = *call.outputs[i];
    if (slot.dtype != w.dtype || !same_shape(slot, w)) {
      return invalid("{}: {}: output {} is {}, w is {}: slots need w's dtype and shape", op, name,
                     i, shape_text(slot), shape_text(w));
    }
  }
  return {};
}

}  // namespace strata::kit
