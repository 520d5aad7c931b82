// STRATA_OP_WHERE: out = cond ? a : b, the chosen element copied bit for bit, so every dtype
// works; contiguous 4-byte data (f32, i32) is blended eight lanes at a time.
#include <immintrin.h>
#include <strata/kit/op_checks.hpp>

#include "dtype_dispatch.hpp"
#include "op_common.hpp"
#include "strided_loop.hpp"

// Everything below is compiled for AVX2 + FMA (see avx2/target.hpp).
#include "avx2/target.hpp"

namespace strata_avx {
namespace {

constexpr int64_t kGrain = 1 << 16;

// Contiguous 32-bit elements: the u8 conditions widened to lane masks.
void select_contiguous(const uint8_t* cond, const uint32_t* a, const uint32_t* b, uint32_t* out,
                       int64_t n) {
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m256i c =
        _mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(cond + i)));
    const __m256i is_false = _mm256_cmpeq_epi32(c, _mm256_setzero_si256());
    const __m256 va = _mm256_loadu_ps(reinterpret_cast<const float*>(a + i));
    const __m256 vb = _mm256_loadu_ps(reinterpret_cast<const float*>(b + i));
    _mm256_storeu_ps(reinterpret_cast<float*>(out + i),
                     _mm256_blendv_ps(va, vb, _mm256_castsi256_ps(is_false)));
  }
  for (; i < n; ++i) out[i] = cond[i] != 0 ? a[i] : b[i];
}

template <typename T>
void select_run(const uint8_t* cond, const T* a, const T* b, T* out, const int64_t (&s)[4],
                int64_t n) {
  if constexpr (sizeof(T) == 4) {
    if (s[0] == 1 && s[1] == 1 && s[2] == 1 && s[3] == 1) {
      return select_contiguous(cond, a, b, out, n);
    }
  }
  for (int64_t i = 0; i < n; ++i) {
    out[i * s[0]] = cond[i * s[1]] != 0 ? a[i * s[2]] : b[i * s[3]];
  }
}

}  // namespace

strata_error* op_where(const strata_op_call& call, Phase phase, ExecContext& ctx) {
  constexpr std::string_view kOp = "where";
  if (auto* err = check_call(call, kOp, 3, 1, phase)) return err;
  if (auto* err = make_error(strata::kit::check_where(call, kOp))) return err;
  if (phase == Phase::kValidate) return nullptr;

  const strata_tensor& cond = *call.inputs[0];
  const strata_tensor& a = *call.inputs[1];
  const strata_tensor& b = *call.inputs[2];
  const strata_tensor& out = *call.outputs[0];

  const Layout<4> layout = make_layout<4>({&out, &cond, &a, &b});
  const int64_t s[4] = {layout.inner_stride(0), layout.inner_stride(1), layout.inner_stride(2),
                        layout.inner_stride(3)};
  visit_bits(dtype_size(out.dtype), [&](auto tag) {
    using T = decltype(tag);
    parallel_runs(ctx, layout, kGrain, [&](const int64_t* o, int64_t n, int) {
      select_run(data_ptr<const uint8_t>(cond) + o[1], data_ptr<const T>(a) + o[2],
                 data_ptr<const T>(b) + o[3], data_ptr<T>(out) + o[0], s, n);
    });
  });
  return nullptr;
}

}  // namespace strata_avx
