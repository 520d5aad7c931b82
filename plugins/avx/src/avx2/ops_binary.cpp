// STRATA_OP_BINARY: out = a (op) b with broadcasting through strides. f32 arithmetic and
// comparisons run eight lanes at a time; pow goes through the C library's powf; integer
// arithmetic (i32, i64) saturates instead of wrapping; comparisons take f32, f64, i32, i64 and
// u8 and write 0 or 1 as u8.
#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "dtype_dispatch.hpp"
#include "op_common.hpp"
#include "strided_loop.hpp"

// Everything below is compiled for AVX2 + FMA (see avx2/target.hpp).
#include "avx2/target.hpp"

#include "avx2/simd.hpp"

namespace strata_avx {
namespace {

constexpr int64_t kGrain = 1 << 15;

struct BinaryInfo {
  std::string_view name;
  bool integers_ok;    // arithmetic that also takes i32 and i64
  bool is_comparison;  // writes u8
};

// Indexed by strata_binary_op.
constexpr BinaryInfo kInfo[] = {
    {"add", true, false},          {"sub", true, false},        {"mul", true, false},
    {"div", false, false},         {"pow", false, false},       {"maximum", true, false},
    {"minimum", true, false},      {"equal", false, true},      {"not_equal", false, true},
    {"less", false, true},         {"less_equal", false, true}, {"greater", false, true},
    {"greater_equal", false, true}};
constexpr int kNumFunctions = sizeof kInfo / sizeof kInfo[0];
static_assert(kNumFunctions == STRATA_BINARY_GREATER_EQUAL + 1, "one row per strata_binary_op");

// The reference's dtype rules.
strata_error* check_dtypes(std::string_view op, const BinaryInfo& f, const strata_op_call& call) {
  const strata_dtype a = call.inputs[0]->dtype;
  const strata_dtype b = call.inputs[1]->dtype;
  const strata_dtype out = call.outputs[0]->dtype;
  const std::initializer_list<std::string_view> roles = {"a", "b", "out"};
  if (a != b) return invalid("{}: {}: a and b need one dtype", op, operands_text(call, roles));
  if (f.is_comparison) {
    if (out != STRATA_U8) {
      return invalid("{}: {}: a comparison writes u8", op, operands_text(call, roles));
    }
    return nullptr;
  }
  if (out != a) {
    return invalid("{}: {}: a, b and out need one dtype", op, operands_text(call, roles));
  }
  const bool integers_ok = f.integers_ok && (a == STRATA_I32 || a == STRATA_I64);
  if (!is_float(a) && !integers_ok) {
    return unsupported("{}: {}: {} takes float dtypes{}", op, operands_text(call, roles), f.name,
                       f.integers_ok ? ", i32 or i64" : " only");
  }
  return nullptr;
}

// What this backend runs of what the reference takes: f32 (and i32, i64) arithmetic,
// comparisons of anything but f16 and bf16.
strata_error* check_supported(std::string_view op, const BinaryInfo& f, const strata_tensor& a) {
  if (f.is_comparison) {
    if (a.dtype == STRATA_F16 || a.dtype == STRATA_BF16) {
      return dtype_unsupported(op, a, "comparisons of f32, f64, i32, i64 and u8");
    }
    return nullptr;
  }
  if (is_float(a.dtype) && a.dtype != STRATA_F32) {
    return dtype_unsupported(op, a, f.integers_ok ? "f32, i32 and i64" : "f32");
  }
  return nullptr;
}

// Runs scalar(a, b) -> out over every element, any dtypes.
template <typename In, typename Out, typename F>
void scalar_binary(ExecContext& ctx, const strata_op_call& call, F&& f) {
  const strata_tensor& a = *call.inputs[0];
  const strata_tensor& b = *call.inputs[1];
  const strata_tensor& out = *call.outputs[0];
  const Layout<3> layout = make_layout<3>({&out, &a, &b});
  const In* as = data_ptr<const In>(a);
  const In* bs = data_ptr<const In>(b);
  Out* outs = data_ptr<Out>(out);
  const int64_t so = layout.inner_stride(0), sa = layout.inner_stride(1),
                sb = layout.inner_stride(2);
  parallel_runs(ctx, layout, kGrain, [&](const int64_t* o, int64_t n, int) {
    const In* pa = as + o[1];
    const In* pb = bs + o[2];
    Out* po = outs + o[0];
    for (int64_t i = 0; i < n; ++i) po[i * so] = f(pa[i * sa], pb[i * sb]);
  });
}

// Runs a contiguous kernel(a, b, out, n) over every element of f32 inputs.
template <typename Out, typename Kernel>
void vector_binary(ExecContext& ctx, const strata_op_call& call, Kernel&& kernel) {
  const strata_tensor& a = *call.inputs[0];
  const strata_tensor& b = *call.inputs[1];
  const strata_tensor& out = *call.outputs[0];
  const Layout<3> layout = make_layout<3>({&out, &a, &b});
  const float* as = data_ptr<const float>(a);
  const float* bs = data_ptr<const float>(b);
  Out* outs = data_ptr<Out>(out);
  // Contiguous rows, each input either all rows or one row repeated (a bias added along
  // channels): a plain loop over rows, without a run's bookkeeping for each short row.
  const int64_t cols = layout.shape[layout.rank - 1];
  const auto whole_or_repeated = [&](int i) {
    return layout.strides[i][1] == 1 && (layout.strides[i][0] == cols || layout.strides[i][0] == 0);
  };
  if (layout.rank == 2 && layout.strides[0][1] == 1 && layout.strides[0][0] == cols &&
      whole_or_repeated(1) && whole_or_repeated(2)) {
    const int64_t step_a = layout.strides[1][0], step_b = layout.strides[2][0];
    parallel_ranges(ctx, layout.shape[0], std::max<int64_t>(1, kGrain / cols),
                    [&](int64_t begin, int64_t end, int) {
                      for (int64_t r = begin; r < end; ++r) {
                        kernel(as + r * step_a, bs + r * step_b, outs + r * cols, cols);
                      }
                    });
    return;
  }
  parallel_runs(ctx, layout, kGrain, [&](const int64_t* o, int64_t n, int) {
    const float* in[2] = {as + o[1], bs + o[2]};
    const int64_t stride[2] = {layout.inner_stride(1), layout.inner_stride(2)};
    simd::run_strided<2>(in, stride, outs + o[0], layout.inner_stride(0), n, kernel);
  });
}

// f32 arithmetic with a vector function of (a, b).
template <typename VecFn>
void float_arithmetic(ExecContext& ctx, const strata_op_call& call, VecFn fn) {
  vector_binary<float>(ctx, call, [&](const float* a, const float* b, float* out, int64_t n) {
    simd::map_contiguous(a, b, out, n, fn);
  });
}

// 8 lanes of a comparison mask (all ones or zero) as 8 bytes of 0 or 1.
void store_mask_bytes(uint8_t* out, __m256 mask) {
  const __m256i ones = _mm256_and_si256(_mm256_castps_si256(mask), _mm256_set1_epi32(1));
  const __m128i words =
      _mm_packs_epi32(_mm256_castsi256_si128(ones), _mm256_extracti128_si256(ones, 1));
  _mm_storel_epi64(reinterpret_cast<__m128i*>(out), _mm_packus_epi16(words, words));
}

template <int kPredicate>
void float_comparison(ExecContext& ctx, const strata_op_call& call) {
  vector_binary<uint8_t>(ctx, call, [](const float* a, const float* b, uint8_t* out, int64_t n) {
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
      store_mask_bytes(out + i,
                       _mm256_cmp_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), kPredicate));
    }
    if (i < n) {
      alignas(8) uint8_t bytes[8];
      store_mask_bytes(bytes, _mm256_cmp_ps(simd::load_tail(a + i, n - i),
                                            simd::load_tail(b + i, n - i), kPredicate));
      std::copy(bytes, bytes + (n - i), out + i);
    }
  });
}

// IEEE comparison predicates: ordered ones are false against NaN, not_equal is true.
template <typename F>
void visit_predicate(int32_t sub_op, F&& f) {
  switch (sub_op) {
    case STRATA_BINARY_EQUAL:
      return f(std::integral_constant<int, _CMP_EQ_OQ>{});
    case STRATA_BINARY_NOT_EQUAL:
      return f(std::integral_constant<int, _CMP_NEQ_UQ>{});
    case STRATA_BINARY_LESS:
      return f(std::integral_constant<int, _CMP_LT_OQ>{});
    case STRATA_BINARY_LESS_EQUAL:
      return f(std::integral_constant<int, _CMP_LE_OQ>{});
    case STRATA_BINARY_GREATER:
      return f(std::integral_constant<int, _CMP_GT_OQ>{});
    default:
      return f(std::integral_constant<int, _CMP_GE_OQ>{});
  }
}

template <typename T>
bool compare(int32_t sub_op, T a, T b) {
  switch (sub_op) {
    case STRATA_BINARY_EQUAL:
      return a == b;
    case STRATA_BINARY_NOT_EQUAL:
      return a != b;
    case STRATA_BINARY_LESS:
      return a < b;
    case STRATA_BINARY_LESS_EQUAL:
      return a <= b;
    case STRATA_BINARY_GREATER:
      return a > b;
    default:
      return a >= b;
  }
}

void run_comparison(ExecContext& ctx, const strata_op_call& call) {
  const int32_t sub_op = call.sub_op;
  if (call.inputs[0]->dtype == STRATA_F32) {
    visit_predicate(
        sub_op, [&](auto predicate) { float_comparison<decltype(predicate)::value>(ctx, call); });
    return;
  }
  visit_dtype(call.inputs[0]->dtype, [&](auto tag) {
    using T = decltype(tag);
    scalar_binary<T, uint8_t>(
        ctx, call, [sub_op](T a, T b) -> uint8_t { return compare(sub_op, a, b) ? 1 : 0; });
  });
}

// The f32 arithmetic functions, eight lanes at a time.
struct Add {
  __m256 operator()(__m256 a, __m256 b) const { return _mm256_add_ps(a, b); }
};
struct Sub {
  __m256 operator()(__m256 a, __m256 b) const { return _mm256_sub_ps(a, b); }
};
struct Mul {
  __m256 operator()(__m256 a, __m256 b) const { return _mm256_mul_ps(a, b); }
};
struct Div {
  __m256 operator()(__m256 a, __m256 b) const { return _mm256_div_ps(a, b); }
};
// max_ps(b, a) is "b > a ? b : a", which is std::max(a, b); a NaN operand makes the result NaN.
struct Maximum {
  __m256 operator()(__m256 a, __m256 b) const {
    return _mm256_or_ps(_mm256_max_ps(b, a), _mm256_cmp_ps(a, b, _CMP_UNORD_Q));
  }
};
struct Minimum {
  __m256 operator()(__m256 a, __m256 b) const {
    return _mm256_or_ps(_mm256_min_ps(b, a), _mm256_cmp_ps(a, b, _CMP_UNORD_Q));
  }
};

void run_float_arithmetic(ExecContext& ctx, const strata_op_call& call) {
  switch (call.sub_op) {
    case STRATA_BINARY_ADD:
      return float_arithmetic(ctx, call, Add{});
    case STRATA_BINARY_SUB:
      return float_arithmetic(ctx, call, Sub{});
    case STRATA_BINARY_MUL:
      return float_arithmetic(ctx, call, Mul{});
    case STRATA_BINARY_DIV:
      return float_arithmetic(ctx, call, Div{});
    case STRATA_BINARY_POW:
      return scalar_binary<float, float>(ctx, call,
                                         [](float a, float b) { return std::pow(a, b); });
    case STRATA_BINARY_MAXIMUM:
      return float_arithmetic(ctx, call, Maximum{});
    default:
      return float_arithmetic(ctx, call, Minimum{});
  }
}

// Exact integer arithmetic, saturated to T's range.
template <typename T>
T saturate_result(int32_t sub_op, T a, T b) {
  constexpr T kMin = std::numeric_limits<T>::min(), kMax = std::numeric_limits<T>::max();
  T r{};
  switch (sub_op) {
    case STRATA_BINARY_ADD:
      return __builtin_add_overflow(a, b, &r) ? (b > 0 ? kMax : kMin) : r;
    case STRATA_BINARY_SUB:
      return __builtin_sub_overflow(a, b, &r) ? (b < 0 ? kMax : kMin) : r;
    case STRATA_BINARY_MUL:
      return __builtin_mul_overflow(a, b, &r) ? ((a < 0) != (b < 0) ? kMin : kMax) : r;
    case STRATA_BINARY_MAXIMUM:
      return std::max(a, b);
    default:
      return std::min(a, b);
  }
}

void run_integer_arithmetic(ExecContext& ctx, const strata_op_call& call) {
  const int32_t sub_op = call.sub_op;
  auto run = [&](auto tag) {
    using T = decltype(tag);
    scalar_binary<T, T>(ctx, call, [sub_op](T a, T b) { return saturate_result(sub_op, a, b); });
  };
  if (call.outputs[0]->dtype == STRATA_I32) {
    run(int32_t{});
  } else {
    run(int64_t{});
  }
}

}  // namespace

strata_error* op_binary(const strata_op_call& call, Phase phase, ExecContext& ctx) {
  if (call.sub_op < 0 || call.sub_op >= kNumFunctions) {
    return unsupported("binary: unknown sub-code {} (ABI 1.0 has 0..{})", call.sub_op,
                       kNumFunctions - 1);
  }
  const BinaryInfo& f = kInfo[call.sub_op];
  static const OpNames names("binary", kNumFunctions, [](int i) { return kInfo[i].name; });
  const std::string_view op = names[call.sub_op];
  if (auto* err = check_call(call, op, 2, 1, phase)) return err;
  if (auto* err = check_dtypes(op, f, call)) return err;
  if (auto* err = check_same_shapes(op, call, {"a", "b", "out"})) return err;
  if (auto* err = check_supported(op, f, *call.inputs[0])) return err;
  if (phase == Phase::kValidate) return nullptr;

  if (f.is_comparison) {
    run_comparison(ctx, call);
  } else if (call.outputs[0]->dtype == STRATA_F32) {
    run_float_arithmetic(ctx, call);
  } else {
    run_integer_arithmetic(ctx, call);
  }
  return nullptr;
}

}  // namespace strata_avx
