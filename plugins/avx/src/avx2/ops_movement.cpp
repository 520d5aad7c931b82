// STRATA_OP_FILL, STRATA_OP_COPY and STRATA_OP_CAST. Copy moves bits and so takes every dtype;
// fill and cast compute values and take f32, f64, i32, i64 and u8 (f16 and bf16 are left to
// the reference backend).
#include <strata/kit/op_checks.hpp>

#include <cstring>

#include "convert.hpp"
#include "dtype_dispatch.hpp"
#include "op_common.hpp"
#include "strided_loop.hpp"

// Everything below is compiled for AVX2 + FMA (see avx2/target.hpp).
#include "avx2/target.hpp"

namespace strata_avx {
namespace {

// Elements per task below which splitting across threads costs more than it saves.
constexpr int64_t kCopyGrain = 1 << 16;

constexpr std::string_view kValueDtypes = "f32, f64, i32, i64 and u8";

bool is_value_dtype(strata_dtype dtype) {
  return dtype == STRATA_F32 || dtype == STRATA_F64 || dtype == STRATA_I32 || dtype == STRATA_I64 ||
         dtype == STRATA_U8;
}

template <typename T>
void fill_run(T* out, int64_t stride, int64_t n, T value) {
  if (stride == 1) {
    std::fill(out, out + n, value);
    return;
  }
  for (int64_t i = 0; i < n; ++i) out[i * stride] = value;
}

// Element-wise conversion (or plain copy when From == To) over one run.
template <typename From, typename To>
void convert_run(const From* in, int64_t in_stride, To* out, int64_t out_stride, int64_t n) {
  if constexpr (std::is_same_v<From, To>) {
    if (in_stride == 1 && out_stride == 1) {
      std::memcpy(out, in, static_cast<size_t>(n) * sizeof(To));
      return;
    }
  }
  if (in_stride == 1 && out_stride == 1) {
    for (int64_t i = 0; i < n; ++i) out[i] = convert<To>(in[i]);
    return;
  }
  for (int64_t i = 0; i < n; ++i) out[i * out_stride] = convert<To>(in[i * in_stride]);
}

// out = in element by element, From and To being the element types.
template <typename From, typename To>
void convert_tensor(ExecContext& ctx, const strata_tensor& in, const strata_tensor& out) {
  const Layout<2> layout = make_layout<2>({&out, &in});
  const From* src = data_ptr<const From>(in);
  To* dst = data_ptr<To>(out);
  parallel_runs(ctx, layout, kCopyGrain, [&](const int64_t* offsets, int64_t n, int) {
    convert_run(src + offsets[1], layout.inner_stride(1), dst + offsets[0], layout.inner_stride(0),
                n);
  });
}

}  // namespace

strata_error* op_fill(const strata_op_call& call, Phase phase, ExecContext& ctx) {
  constexpr std::string_view kOp = "fill";
  if (auto* err = check_call(call, kOp, 0, 1, phase)) return err;
  if (call.params == nullptr) {
    return invalid("{}: params are NULL; fill needs strata_fill_params (value)", kOp);
  }
  const strata_tensor& out = *call.outputs[0];
  if (!is_value_dtype(out.dtype)) return dtype_unsupported(kOp, out, kValueDtypes);
  if (phase == Phase::kValidate) return nullptr;

  const double value = read_params<strata_fill_params>(call.params).value;
  const Layout<1> layout = make_layout<1>({&out});
  visit_dtype(out.dtype, [&](auto tag) {
    using T = decltype(tag);
    const T v = convert<T>(value);
    T* dst = data_ptr<T>(out);
    parallel_runs(ctx, layout, kCopyGrain, [&](const int64_t* offsets, int64_t n, int) {
      fill_run(dst + offsets[0], layout.inner_stride(0), n, v);
    });
  });
  return nullptr;
}

strata_error* op_copy(const strata_op_call& call, Phase phase, ExecContext& ctx) {
  constexpr std::string_view kOp = "copy";
  if (auto* err = check_call(call, kOp, 1, 1, phase)) return err;
  if (auto* err = make_error(strata::kit::check_copy(call, kOp))) return err;
  if (phase == Phase::kValidate) return nullptr;

  const strata_tensor& in = *call.inputs[0];
  const strata_tensor& out = *call.outputs[0];

  visit_bits(dtype_size(out.dtype), [&](auto tag) {
    using T = decltype(tag);
    convert_tensor<T, T>(ctx, in, out);
  });
  return nullptr;
}

strata_error* op_cast(const strata_op_call& call, Phase phase, ExecContext& ctx) {
  constexpr std::string_view kOp = "cast";
  if (auto* err = check_call(call, kOp, 1, 1, phase)) return err;
  if (auto* err = check_same_shapes(kOp, call, {"in", "out"})) return err;
  const strata_tensor& in = *call.inputs[0];
  const strata_tensor& out = *call.outputs[0];
  if (in.dtype == out.dtype) {
    if (phase == Phase::kValidate) return nullptr;
    return op_copy(call, phase, ctx);
  }
  if (!is_value_dtype(in.dtype)) return dtype_unsupported(kOp, in, kValueDtypes);
  if (!is_value_dtype(out.dtype)) return dtype_unsupported(kOp, out, kValueDtypes);
  if (phase == Phase::kValidate) return nullptr;

  visit_dtype(in.dtype, [&](auto from) {
    visit_dtype(out.dtype,
                [&](auto to) { convert_tensor<decltype(from), decltype(to)>(ctx, in, out); });
  });
  return nullptr;
}

}  // namespace strata_avx
