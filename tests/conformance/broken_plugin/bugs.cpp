#include "bugs.hpp"

#include <algorithm>
#include <cmath>

#include "tensor_walk.hpp"

namespace broken {
namespace {

struct Named {
  std::string_view name;
  unsigned bit;
};

constexpr Named kBehaviours[] = {
    {"oob_write", kOobWrite},   {"ignore_strides", kIgnoreStrides},
    {"broadcast", kBroadcast},  {"matmul_error", kMatmulError},
    {"exp_nan", kExpNan},       {"argmax_tie", kArgmaxTie},
    {"grad_scale", kGradScale}, {"no_f16", kNoF16},
    {"no_f64", kNoF64},
};

bool has(unsigned behaviours, unsigned bit) {
  return (behaviours & bit) != 0;
}

bool is_exp_based(int32_t fn) {
  switch (fn) {
    case STRATA_UNARY_EXP:
    case STRATA_UNARY_SIGMOID:
    case STRATA_UNARY_SOFTPLUS:
    case STRATA_UNARY_ELU:
    case STRATA_UNARY_SELU:
    case STRATA_UNARY_GELU:
    case STRATA_UNARY_SILU:
      return true;
    default:
      return false;
  }
}

void make_dense(strata_tensor& t) {
  int64_t pitch = 1;
  for (int k = t.rank - 1; k >= 0; --k) {
    t.strides[k] = pitch;
    pitch *= std::max<int64_t>(t.shape[k], 1);
  }
}

bool partly_broadcast(const strata_tensor& t) {
  bool zero = false, nonzero = false;
  for (int k = 0; k < t.rank; ++k) {
    if (t.shape[k] <= 1) continue;
    (t.strides[k] == 0 ? zero : nonzero) = true;
  }
  return zero && nonzero;
}

std::byte* mapped(const Memory& memory, const strata_tensor& t) {
  return memory.map(t.buffer);
}

// The element right after the output's last element, when the buffer has room for it.
void write_past_end(const strata_tensor& out, const Memory& memory) {
  if (is_empty(out)) return;
  int64_t last = 0;
  for (int k = 0; k < out.rank; ++k) last += (out.shape[k] - 1) * out.strides[k];
  const size_t size = strata::kit::dtype_size(out.dtype);
  const uint64_t at = out.byte_offset + static_cast<uint64_t>(last + 1) * size;
  if (at + size > memory.size(out.buffer)) return;
  std::fill_n(mapped(memory, out) + at, size, std::byte{0});
}

void scale(const strata_tensor& out, const Memory& memory, double factor) {
  std::byte* base = mapped(memory, out);
  for_each_index(out, [&](const int64_t* i) {
    std::byte* p = address(out, base, i);
    if (out.dtype == STRATA_F32) write_bytes(p, static_cast<float>(read_bytes<float>(p) * factor));
    if (out.dtype == STRATA_F64) write_bytes(p, read_bytes<double>(p) * factor);
  });
}

void nan_where_large(const strata_tensor& x, const strata_tensor& y, const Memory& memory) {
  std::byte* xs = mapped(memory, x);
  std::byte* ys = mapped(memory, y);
  for_each_index(y, [&](const int64_t* i) {
    if (std::fabs(load_double(x.dtype, address(x, xs, i))) > 20)
      store_nan(y.dtype, address(y, ys, i));
  });
}

// Moves each index to the last element along the axis equal to the one it points at.
void last_tie(const strata_tensor& in, const strata_tensor& out, uint32_t axes,
              const Memory& memory) {
  int axis = 0;
  while (((axes >> axis) & 1u) == 0) ++axis;
  std::byte* ins = mapped(memory, in);
  std::byte* outs = mapped(memory, out);
  for_each_index(out, [&](const int64_t* o) {
    std::byte* p = address(out, outs, o);
    const int64_t chosen =
        out.dtype == STRATA_I64 ? read_bytes<int64_t>(p) : read_bytes<int32_t>(p);
    int64_t i[STRATA_MAX_RANK];
    std::copy(o, o + in.rank, i);
    i[axis] = chosen;
    const double best = load_double(in.dtype, address(in, ins, i));
    int64_t last = chosen;
    for (i[axis] = chosen + 1; i[axis] < in.shape[axis]; ++i[axis]) {
      if (load_double(in.dtype, address(in, ins, i)) == best) last = i[axis];
    }
    if (out.dtype == STRATA_I64) {
      write_bytes<int64_t>(p, last);
    } else {
      write_bytes<int32_t>(p, static_cast<int32_t>(last));
    }
  });
}

}  // namespace

bool parse_behaviours(std::string_view list, unsigned& behaviours, std::string& bad) {
  behaviours = 0;
  while (!list.empty()) {
    const size_t comma = std::min(list.find(','), list.size());
    const std::string_view name = list.substr(0, comma);
    list.remove_prefix(std::min(comma + 1, list.size()));
    if (name.empty() || name == "none") continue;
    const auto* found = std::find_if(std::begin(kBehaviours), std::end(kBehaviours),
                                     [&](const Named& n) { return n.name == name; });
    if (found == std::end(kBehaviours)) {
      bad = std::string(name);
      return false;
    }
    behaviours |= found->bit;
  }
  return true;
}

std::string behaviour_names() {
  std::string names;
  for (const Named& n : kBehaviours) names += (names.empty() ? "" : ", ") + std::string(n.name);
  return names;
}

strata_dtype refused_dtype(unsigned behaviours, const strata_op_call& call) {
  const auto refused = [&](const strata_tensor* t) {
    return (t->dtype == STRATA_F16 && has(behaviours, kNoF16)) ||
           (t->dtype == STRATA_F64 && has(behaviours, kNoF64));
  };
  for (size_t i = 0; i < call.num_inputs; ++i) {
    if (refused(call.inputs[i])) return call.inputs[i]->dtype;
  }
  for (size_t i = 0; i < call.num_outputs; ++i) {
    if (refused(call.outputs[i])) return call.outputs[i]->dtype;
  }
  return STRATA_DTYPE_INVALID;
}

AlteredCall::AlteredCall(unsigned behaviours, const strata_op_call& call) : call_(call) {
  const size_t n = std::min<size_t>(call.num_inputs, 4);
  for (size_t i = 0; i < n; ++i) {
    inputs_[i] = *call.inputs[i];
    input_pointers_[i] = &inputs_[i];
  }
  if (n > 0) call_.inputs = input_pointers_;
  if (has(behaviours, kIgnoreStrides) && call.op == STRATA_OP_COPY) make_dense(inputs_[0]);
  if (has(behaviours, kBroadcast) && call.op == STRATA_OP_BINARY) {
    for (size_t i = 0; i < n; ++i) {
      if (partly_broadcast(inputs_[i])) std::fill_n(inputs_[i].strides, inputs_[i].rank, 0);
    }
  }
}

void corrupt_results(unsigned behaviours, const strata_op_call& call, const Memory& memory) {
  const strata_tensor& out = *call.outputs[0];
  switch (call.op) {
    case STRATA_OP_UNARY:
      if (has(behaviours, kOobWrite)) write_past_end(out, memory);
      if (has(behaviours, kExpNan) && is_exp_based(call.sub_op)) {
        nan_where_large(*call.inputs[0], out, memory);
      }
      return;
    case STRATA_OP_MATMUL:
      if (has(behaviours, kMatmulError)) scale(out, memory, 1.0316);
      return;
    case STRATA_OP_CONV2D_BACKWARD_FILTER:
      if (has(behaviours, kGradScale)) scale(out, memory, 1.01);
      return;
    case STRATA_OP_REDUCE:
      if (has(behaviours, kArgmaxTie) && call.sub_op == STRATA_REDUCE_ARGMAX) {
        const auto* params = static_cast<const strata_reduce_params*>(call.params);
        last_tie(*call.inputs[0], out, params->axes_mask, memory);
      }
      return;
    default:
      return;
  }
}

}  // namespace broken
