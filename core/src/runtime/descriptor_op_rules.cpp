// check_op_call, part two: what each op of ABI 1.0 requires of its operands (backend.h, "The
// op set"), limited to what keeps a plugin inside its buffers: operand counts, ranks, shapes
// that must agree, dtypes whose element sizes must agree, and params a plugin dereferences.
#include <fmt/format.h>

#include <algorithm>
#include <initializer_list>
#include <limits>

#include "descriptor_rules.hpp"
#include "strata/op_error.hpp"

namespace strata::runtime::check_detail {
namespace {

bool same_shape(const strata_tensor& a, const strata_tensor& b) {
  return a.rank == b.rank && std::equal(a.shape, a.shape + a.rank, b.shape);
}

void require_same_shape(const CallView& v, Slot a, Slot b, std::string_view rule) {
  if (same_shape(v[a], v[b])) return;
  throw ShapeError(fmt::format("{}: {} and {} must have the same shape ({}); fix the shapes",
                               v.op(), v.describe(a), v.describe(b), rule));
}

void require_same_dtype(const CallView& v, Slot a, Slot b) {
  if (v[a].dtype == v[b].dtype) return;
  throw DTypeError(fmt::format("{}: {} and {} must have the same dtype; cast one of them first",
                               v.op(), v.describe(a), v.describe(b)));
}

void require_dtype(const CallView& v, Slot s, std::initializer_list<strata_dtype> allowed,
                   std::string_view names) {
  if (std::find(allowed.begin(), allowed.end(), v[s].dtype) != allowed.end()) return;
  throw DTypeError(fmt::format("{}: {} must be {}", v.op(), v.describe(s), names));
}

void require_rank(const CallView& v, Slot s, int32_t lo, int32_t hi) {
  if (v[s].rank >= lo && v[s].rank <= hi) return;
  throw ShapeError(fmt::format("{}: {} has rank {}; the op takes rank {}", v.op(), v.describe(s),
                               v[s].rank,
                               lo == hi ? fmt::format("{}", lo) : fmt::format("{} to {}", lo, hi)));
}

void require_dim(const CallView& v, Slot s, int axis, int64_t expected, std::string_view why) {
  if (v[s].shape[axis] == expected) return;
  throw ShapeError(fmt::format("{}: {} has size {} on axis {} where {} is {}; fix the shapes",
                               v.op(), v.describe(s), v[s].shape[axis], axis, why, expected));
}

template <typename Params>
const Params& params_of(const CallView& v, std::string_view type) {
  if (v.call().params == nullptr) {
    throw ValueError(fmt::format("{}: params are required (a {}); pass them", v.op(), type));
  }
  return *static_cast<const Params*>(v.call().params);
}

// Every operand has output 0's shape; every output, and the inputs listed, its dtype.
void elementwise(const CallView& v, std::initializer_list<Slot> same_dtype_as_out) {
  const std::string_view rule = "elementwise: broadcast inputs arrive as stride 0";
  for (size_t i = 0; i < v.call().num_inputs; ++i) require_same_shape(v, in(i), out(0), rule);
  for (size_t i = 1; i < v.call().num_outputs; ++i) {
    require_same_shape(v, out(i), out(0), rule);
    require_same_dtype(v, out(i), out(0));
  }
  for (Slot s : same_dtype_as_out) require_same_dtype(v, s, out(0));
}

bool is_comparison(int32_t sub_op) {
  return sub_op >= STRATA_BINARY_EQUAL && sub_op <= STRATA_BINARY_GREATER_EQUAL;
}

void check_binary(const CallView& v) {
  elementwise(v, {});
  require_same_dtype(v, in(0), in(1));
  if (is_comparison(v.call().sub_op)) {
    require_dtype(v, out(0), {STRATA_U8}, "u8 (comparisons write 0 or 1)");
  } else {
    require_same_dtype(v, in(0), out(0));
  }
}

void check_reduce(const CallView& v) {
  const auto& p = params_of<strata_reduce_params>(v, "strata_reduce_params");
  const strata_tensor& x = v[in(0)];
  require_rank(v, out(0), x.rank, x.rank);
  if ((p.axes_mask >> x.rank) != 0) {  // rank <= 8, so the shift is defined
    throw ShapeError(fmt::format("{}: axes_mask {:#x} names an axis beyond {}'s rank {}", v.op(),
                                 p.axes_mask, v.describe(in(0)), x.rank));
  }
  for (int k = 0; k < x.rank; ++k) {
    const bool reduced = (p.axes_mask >> k) & 1u;
    require_dim(v, out(0), k, reduced ? 1 : x.shape[k],
                reduced ? "a reduced axis (keepdims)" : "the input's size");
  }
  const int32_t sub = v.call().sub_op;
  if (sub == STRATA_REDUCE_ARGMAX || sub == STRATA_REDUCE_ARGMIN) {
    require_dtype(v, out(0), {STRATA_I32, STRATA_I64}, "i32 or i64 (indices)");
  } else {
    require_same_dtype(v, in(0), out(0));
  }
}

void check_matmul(const CallView& v) {
  params_of<strata_matmul_params>(v, "strata_matmul_params");
  for (Slot s : {in(0), in(1), out(0)}) require_rank(v, s, 2, STRATA_MAX_RANK);
  const int r = v[out(0)].rank;
  require_rank(v, in(0), r, r);
  require_rank(v, in(1), r, r);
  for (int k = 0; k < r - 2; ++k) {
    require_dim(v, in(0), k, v[out(0)].shape[k], "the batch size (output's)");
    require_dim(v, in(1), k, v[out(0)].shape[k], "the batch size (output's)");
  }
  require_dim(v, in(0), r - 2, v[out(0)].shape[r - 2], "M (output's rows)");
  require_dim(v, in(1), r - 1, v[out(0)].shape[r - 1], "N (output's columns)");
  require_dim(v, in(1), r - 2, v[in(0)].shape[r - 1], "K (a's columns)");
  require_same_dtype(v, in(0), out(0));
  require_same_dtype(v, in(1), out(0));
}

// One spatial size of a window op: (size + pads - dilation * (window - 1) - 1) / stride + 1.
int64_t window_output(int64_t size, int64_t pads, int64_t dilation, int64_t window,
                      int64_t stride) {
  // In 128 bits: a host's sizes, pads and windows may each be near 2^63 (the fuzzer's finding).
  const __int128 reach = __int128{size} + pads - __int128{dilation} * (window - 1) - 1;
  if (reach < 0) return 0;
  const __int128 count = reach / stride + 1;
  return count > std::numeric_limits<int64_t>::max() ? std::numeric_limits<int64_t>::max()
                                                     : static_cast<int64_t>(count);
}

void require_positive(const CallView& v, std::initializer_list<int32_t> values, const char* what) {
  for (int32_t value : values) {
    if (value >= 1) continue;
    throw ValueError(fmt::format("{}: {} must be >= 1, got {}", v.op(), what, value));
  }
}

void require_pads(const CallView& v, std::initializer_list<int32_t> pads) {
  for (int32_t pad : pads) {
    if (pad >= 0) continue;
    throw ValueError(fmt::format("{}: padding must be >= 0, got {}", v.op(), pad));
  }
}

// Operand roles of the convolution ops: which slot holds the image, the filter and the output.
struct ConvSlots {
  Slot x, w, y;
};

ConvSlots conv_slots(strata_op op) {
  switch (op) {
    case STRATA_OP_CONV2D_BACKWARD_DATA:
      return {out(0), in(1), in(0)};
    case STRATA_OP_CONV2D_BACKWARD_FILTER:
      return {in(0), out(0), in(1)};
    default:
      return {in(0), in(1), out(0)};
  }
}

void check_conv(const CallView& v) {
  const auto& p = params_of<strata_conv2d_params>(v, "strata_conv2d_params");
  require_positive(v, {p.stride_h, p.stride_w}, "stride");
  require_positive(v, {p.dilation_h, p.dilation_w}, "dilation");
  require_positive(v, {p.groups}, "groups");
  require_pads(v, {p.pad_top, p.pad_bottom, p.pad_left, p.pad_right});
  const auto [xs, ws, ys] = conv_slots(v.call().op);
  for (Slot s : {xs, ws, ys}) require_rank(v, s, 4, 4);
  const strata_tensor &x = v[xs], &w = v[ws];
  if (x.shape[3] % p.groups != 0 || w.shape[3] % p.groups != 0) {
    throw ShapeError(
        fmt::format("{}: groups {} must divide the channels of {} and the filters of "
                    "{}",
                    v.op(), p.groups, v.describe(xs), v.describe(ws)));
  }
  require_dim(v, ws, 2, x.shape[3] / p.groups, "channels / groups");
  require_dim(v, ys, 0, x.shape[0], "the batch size");
  require_dim(v, ys, 1,
              window_output(x.shape[1], int64_t{p.pad_top} + p.pad_bottom, p.dilation_h, w.shape[0],
                            p.stride_h),
              "the output height");
  require_dim(v, ys, 2,
              window_output(x.shape[2], int64_t{p.pad_left} + p.pad_right, p.dilation_w, w.shape[1],
                            p.stride_w),
              "the output width");
  require_dim(v, ys, 3, w.shape[3], "the number of filters");
  require_same_dtype(v, in(0), out(0));
  require_same_dtype(v, in(1), out(0));
}

void check_pool(const CallView& v) {
  const auto& p = params_of<strata_pool2d_params>(v, "strata_pool2d_params");
  require_positive(v, {p.window_h, p.window_w}, "window");
  require_positive(v, {p.stride_h, p.stride_w}, "stride");
  require_pads(v, {p.pad_top, p.pad_bottom, p.pad_left, p.pad_right});
  const bool backward = v.call().op == STRATA_OP_POOL2D_BACKWARD;
  const Slot xs = backward ? in(1) : in(0);
  const Slot ys = backward ? in(0) : out(0);
  for (Slot s : {xs, ys}) require_rank(v, s, 4, 4);
  const strata_tensor& x = v[xs];
  require_dim(v, ys, 0, x.shape[0], "the batch size");
  require_dim(
      v, ys, 1,
      window_output(x.shape[1], int64_t{p.pad_top} + p.pad_bottom, 1, p.window_h, p.stride_h),
      "the output height");
  require_dim(
      v, ys, 2,
      window_output(x.shape[2], int64_t{p.pad_left} + p.pad_right, 1, p.window_w, p.stride_w),
      "the output width");
  require_dim(v, ys, 3, x.shape[3], "the number of channels");
  if (backward) require_same_shape(v, out(0), in(1), "dx has x's shape");
  for (size_t i = 0; i < v.call().num_inputs; ++i) require_same_dtype(v, in(i), out(0));
}

// GATHER and SCATTER_ADD: rows [S..., d1, ...] of a table [N, d1, ...] picked by indices S.
void check_rows(const CallView& v, Slot table, Slot rows) {
  require_dtype(v, in(1), {STRATA_I32, STRATA_I64}, "i32 or i64 (indices)");
  require_rank(v, table, 1, STRATA_MAX_RANK);
  const strata_tensor &t = v[table], &idx = v[in(1)];
  require_rank(v, rows, idx.rank + t.rank - 1, idx.rank + t.rank - 1);
  for (int k = 0; k < idx.rank; ++k) require_dim(v, rows, k, idx.shape[k], "the indices' size");
  for (int k = 1; k < t.rank; ++k) {
    require_dim(v, rows, idx.rank + k - 1, t.shape[k], "the table's row size");
  }
  require_same_dtype(v, in(0), out(0));
}

void check_softmax(const CallView& v) {
  require_rank(v, out(0), 1, STRATA_MAX_RANK);
  elementwise(v, {in(0), v.call().num_inputs > 1 ? in(1) : in(0)});
}

}  // namespace

Arity arity_of(const CallView& v) {
  switch (v.code()) {
    case STRATA_OP_FILL:
    case STRATA_OP_RANDOM:
      return {0, 1};
    case STRATA_OP_COPY:
    case STRATA_OP_CAST:
    case STRATA_OP_UNARY:
    case STRATA_OP_REDUCE:
    case STRATA_OP_POOL2D:
    case STRATA_OP_SOFTMAX:
      return {1, 1};
    case STRATA_OP_GATHER:
    case STRATA_OP_SCATTER_ADD:
    case STRATA_OP_UNARY_BACKWARD:
    case STRATA_OP_BINARY:
    case STRATA_OP_MATMUL:
    case STRATA_OP_CONV2D:
    case STRATA_OP_CONV2D_BACKWARD_DATA:
    case STRATA_OP_CONV2D_BACKWARD_FILTER:
    case STRATA_OP_POOL2D_BACKWARD:
    case STRATA_OP_SOFTMAX_BACKWARD:
      return {2, 1};
    case STRATA_OP_WHERE:
      return {3, 1};
    case STRATA_OP_OPTIMIZER:
      break;
    default:
      throw ValueError(
          fmt::format("{}: not an op of ABI 1.0; the core cannot check it, so it "
                      "does not pass it on",
                      v.op()));
  }
  const auto& p = params_of<strata_optimizer_params>(v, "strata_optimizer_params");
  const size_t momentum = p.momentum != 0 ? 1 : 0;
  switch (v.call().sub_op) {
    case STRATA_OPTIMIZER_SGD:
      return {1, 1 + momentum};
    case STRATA_OPTIMIZER_ADAM:
      return {1, 3};
    case STRATA_OPTIMIZER_RMSPROP:
      return {1, 2 + momentum};
    case STRATA_OPTIMIZER_ADAGRAD:
      return {1, 2};
    default:
      throw ValueError(
          fmt::format("{}: sub-op {} is not an optimiser rule of ABI 1.0 (0 = sgd .. "
                      "3 = adagrad)",
                      v.op(), v.call().sub_op));
  }
}

void check_op_rules(const CallView& v) {
  switch (v.code()) {
    case STRATA_OP_FILL:
      params_of<strata_fill_params>(v, "strata_fill_params");
      return;
    case STRATA_OP_RANDOM:
      params_of<strata_random_params>(v, "strata_random_params");
      return;
    case STRATA_OP_COPY:
      return elementwise(v, {in(0)});
    case STRATA_OP_CAST:
      return elementwise(v, {});
    case STRATA_OP_WHERE:
      require_dtype(v, in(0), {STRATA_U8}, "u8 (the condition)");
      return elementwise(v, {in(1), in(2)});
    case STRATA_OP_UNARY:
    case STRATA_OP_UNARY_BACKWARD:
    case STRATA_OP_OPTIMIZER:
      return elementwise(v, {in(0), v.call().num_inputs > 1 ? in(1) : in(0)});
    case STRATA_OP_BINARY:
      return check_binary(v);
    case STRATA_OP_REDUCE:
      return check_reduce(v);
    case STRATA_OP_MATMUL:
      return check_matmul(v);
    case STRATA_OP_CONV2D:
    case STRATA_OP_CONV2D_BACKWARD_DATA:
    case STRATA_OP_CONV2D_BACKWARD_FILTER:
      return check_conv(v);
    case STRATA_OP_POOL2D:
    case STRATA_OP_POOL2D_BACKWARD:
      return check_pool(v);
    case STRATA_OP_GATHER:
      return check_rows(v, in(0), out(0));
    case STRATA_OP_SCATTER_ADD:
      return check_rows(v, out(0), in(0));
    case STRATA_OP_SOFTMAX:
    case STRATA_OP_SOFTMAX_BACKWARD:
      return check_softmax(v);
    default:
      return;
  }
}

}  // namespace strata::runtime::check_detail
