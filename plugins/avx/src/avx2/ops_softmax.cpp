// STRATA_OP_SOFTMAX and STRATA_OP_SOFTMAX_BACKWARD over the last axis, one row per task item:
// max, exponentials with their sum, and scaling in three vector passes over a row that stays
// in cache. Sums accumulate in double. Strided rows are staged through scratch memory.
#include <immintrin.h>
#include <strata/kit/op_checks.hpp>

#include <cmath>
#include <limits>

#include "op_common.hpp"
#include "strided_loop.hpp"

// Everything below is compiled for AVX2 + FMA (see avx2/target.hpp).
#include "avx2/target.hpp"

#include "avx2/simd.hpp"
#include "avx2/simd_math.hpp"

namespace strata_avx {
namespace {

constexpr int64_t kGrain = 1 << 14;

// The kit's checks, then this backend's f32-only rule.
strata_error* check_tensors(std::string_view op, const strata_op_call& call) {
  if (auto* err = make_error(strata::kit::check_softmax_tensors(op, call))) return err;
  const strata_tensor& out = *call.outputs[0];
  if (out.dtype != STRATA_F32) return dtype_unsupported(op, out, "f32");
  return nullptr;
}

// sum(f(a[i], b[i])) in double over contiguous arrays; f maps two vectors to one.
template <typename F>
double sum_of(const float* a, const float* b, int64_t n, F&& f) {
  __m256d acc0 = _mm256_setzero_pd(), acc1 = _mm256_setzero_pd();
  for (int64_t i = 0; i < n; i += simd::kLanes) {
    const int64_t m = std::min<int64_t>(simd::kLanes, n - i);
    // Masked-off lanes load as 0; f must map them to 0 as well (it is masked again below).
    const __m256 v = _mm256_and_ps(f(simd::load_tail(a + i, m), simd::load_tail(b + i, m)),
                                   _mm256_castsi256_ps(simd::tail_mask(m)));
    acc0 = _mm256_add_pd(acc0, _mm256_cvtps_pd(_mm256_castps256_ps128(v)));
    acc1 = _mm256_add_pd(acc1, _mm256_cvtps_pd(_mm256_extractf128_ps(v, 1)));
  }
  alignas(32) double lanes[4];
  _mm256_store_pd(lanes, _mm256_add_pd(acc0, acc1));
  return (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
}

float row_max(const float* x, int64_t n) {
  __m256 m = _mm256_set1_ps(-std::numeric_limits<float>::infinity());
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) m = _mm256_max_ps(m, _mm256_loadu_ps(x + i));
  alignas(32) float lanes[8];
  _mm256_store_ps(lanes, m);
  float r = -std::numeric_limits<float>::infinity();
  for (float v : lanes) r = std::max(r, v);
  for (; i < n; ++i) r = std::max(r, x[i]);
  return r;
}

// A NaN anywhere makes the sum, and so the whole row, NaN, as in the reference.
void softmax_row(int32_t sub_op, const float* x, float* y, int64_t n) {
  const __m256 m = _mm256_set1_ps(row_max(x, n));
  if (sub_op == STRATA_SOFTMAX) {
    simd::map_contiguous(x, y, n, [&](__m256 v) { return simd::exp(_mm256_sub_ps(v, m)); });
    const double total = sum_of(y, y, n, [&](__m256 e, __m256) { return e; });
    const __m256 t = _mm256_set1_ps(static_cast<float>(total));
    simd::map_contiguous(y, y, n, [&](__m256 e) { return _mm256_div_ps(e, t); });
    return;
  }
  const double total =
      sum_of(x, x, n, [&](__m256 v, __m256) { return simd::exp(_mm256_sub_ps(v, m)); });
  const __m256 log_total = _mm256_set1_ps(static_cast<float>(std::log(total)));
  simd::map_contiguous(x, y, n,
                       [&](__m256 v) { return _mm256_sub_ps(_mm256_sub_ps(v, m), log_total); });
}

//   SOFTMAX:     dx = y * (dy - sum(dy * y))
//   LOG_SOFTMAX: dx = dy - exp(y) * sum(dy)
void softmax_backward_row(int32_t sub_op, const float* dy, const float* y, float* dx, int64_t n) {
  if (sub_op == STRATA_SOFTMAX) {
    const __m256 dot = _mm256_set1_ps(static_cast<float>(
        sum_of(dy, y, n, [&](__m256 g, __m256 v) { return _mm256_mul_ps(g, v); })));
    simd::map_contiguous(
        dy, y, dx, n, [&](__m256 g, __m256 v) { return _mm256_mul_ps(v, _mm256_sub_ps(g, dot)); });
    return;
  }
  const __m256 total =
      _mm256_set1_ps(static_cast<float>(sum_of(dy, dy, n, [&](__m256 g, __m256) { return g; })));
  simd::map_contiguous(
      dy, y, dx, n, [&](__m256 g, __m256 v) { return _mm256_fnmadd_ps(simd::exp(v), total, g); });
}

// Calls row(inputs..., output, n) on contiguous rows: the tensors' own memory when the last
// axis is contiguous, else rows staged through scratch memory.
template <int NIn, typename Row>
void for_each_row(ExecContext& ctx, const strata_tensor* const (&inputs)[NIn],
                  const strata_tensor& out, Row&& row) {
  const int last = out.rank - 1;
  const int64_t n = out.shape[last];
  if (n == 0 || is_empty(out)) return;
  // The rows: every axis but the last (size 1 there), walked in step over all tensors.
  strata_tensor heads[NIn + 1];
  std::array<const strata_tensor*, NIn + 1> pointers;
  for (int i = 0; i <= NIn; ++i) {
    heads[i] = i == 0 ? out : *inputs[i - 1];
    heads[i].shape[last] = 1;
    pointers[i] = &heads[i];
  }
  const Layout<NIn + 1> rows = make_layout<NIn + 1>(pointers);
  bool contiguous = out.strides[last] == 1 || n == 1;
  for (int i = 0; i < NIn; ++i)
    contiguous = contiguous && (inputs[i]->strides[last] == 1 || n == 1);
  const int64_t grain = std::max<int64_t>(1, kGrain / n);
  parallel_ranges(ctx, rows.count, grain, [&](int64_t begin, int64_t end, int worker) {
    float* stage = contiguous ? nullptr
                              : ctx.scratch[worker].get<float>(ScratchSlot::kRow,
                                                               static_cast<size_t>(n * (NIn + 1)));
    for_each_run(rows, begin, end, [&](const int64_t* o, int64_t count) {
      for (int64_t r = 0; r < count; ++r) {
        const float* in[NIn];
        for (int i = 0; i < NIn; ++i) {
          const float* p =
              data_ptr<const float>(*inputs[i]) + o[i + 1] + r * rows.inner_stride(i + 1);
          in[i] =
              contiguous ? p : simd::staged_input(p, inputs[i]->strides[last], n, stage + i * n);
        }
        float* target = data_ptr<float>(out) + o[0] + r * rows.inner_stride(0);
        float* y = contiguous ? target : stage + NIn * n;
        [&]<int... I>(std::integer_sequence<int, I...>) {
          row(in[I]..., y, n);
        }
        (std::make_integer_sequence<int, NIn>());
        if (!contiguous) {
          for (int64_t j = 0; j < n; ++j) target[j * out.strides[last]] = y[j];
        }
      }
    });
  });
}

}  // namespace

strata_error* op_softmax(const strata_op_call& call, Phase phase, ExecContext& ctx) {
  constexpr std::string_view kOp = "softmax";
  if (auto* err = check_call(call, kOp, 1, 1, phase)) return err;
  if (auto* err = make_error(strata::kit::check_softmax_sub_op(kOp, call.sub_op))) return err;
  if (auto* err = check_tensors(kOp, call)) return err;
  if (phase == Phase::kValidate) return nullptr;
  const strata_tensor* const inputs[1] = {call.inputs[0]};
  for_each_row<1>(ctx, inputs, *call.outputs[0],
                  [&](const float* x, float* y, int64_t n) { softmax_row(call.sub_op, x, y, n); });
  return nullptr;
}

strata_error* op_softmax_backward(const strata_op_call& call, Phase phase, ExecContext& ctx) {
  constexpr std::string_view kOp = "softmax_backward";
  if (auto* err = check_call(call, kOp, 2, 1, phase)) return err;
  if (auto* err = make_error(strata::kit::check_softmax_sub_op(kOp, call.sub_op))) return err;
  if (auto* err = check_tensors(kOp, call)) return err;
  if (phase == Phase::kValidate) return nullptr;
  const strata_tensor* const inputs[2] = {call.inputs[0], call.inputs[1]};
  for_each_row<2>(ctx, inputs, *call.outputs[0],
                  [&](const float* dy, const float* y, float* dx, int64_t n) {
                    softmax_backward_row(call.sub_op, dy, y, dx, n);
                  });
  return nullptr;
}

}  // namespace strata_avx
