// MAX pooling and its gradient with disjoint windows on AVX-512 (see pool_max.hpp).
#include <immintrin.h>

#include <algorithm>
#include <vector>

#include "pool_max.hpp"
#include "tensor.hpp"

// Everything below is compiled for AVX-512 (see avx512/target.hpp).
#include "avx512/target.hpp"

namespace strata_avx::pool_max::avx512 {
namespace {

// _mm512_max_ps, spelled with a full mask: GCC 12 warns that the plain intrinsic's undefined
// pass-through value "may be used uninitialized" (a false positive).
__m512 max16(__m512 a, __m512 b) {
  return _mm512_maskz_max_ps(static_cast<__mmask16>(0xffff), a, b);
}

}  // namespace

void forward_rows(const strata_tensor& x, const strata_tensor& y, const PoolShape& s,
                  const strata_pool2d_params& p, int64_t begin, int64_t end) {
  constexpr int64_t kLanes = 16;
  const __mmask16 tail = static_cast<__mmask16>((1u << (s.c % kLanes)) - 1);
  const __m512 all_ones = _mm512_castsi512_ps(_mm512_set1_epi32(-1));
  for (int64_t row = begin; row < end; ++row) {
    const int64_t n = row / s.oh, oh = row % s.oh;
    const float* image = data_ptr<const float>(x) + n * x.strides[0];
    for (int64_t ow = 0; ow < s.ow; ++ow) {
      const Window win = window_of(s, p, oh, ow);
      float* out = data_ptr<float>(y) + n * y.strides[0] + oh * y.strides[1] + ow * y.strides[2];
      for (int64_t c = 0; c < s.c; c += kLanes) {
        const __mmask16 m = c + kLanes <= s.c ? static_cast<__mmask16>(0xffff) : tail;
        if (win.count() == 0) {
          _mm512_mask_storeu_ps(out + c, m, _mm512_setzero_ps());
          continue;
        }
        __m512 best = _mm512_set1_ps(-__builtin_inff());
        __mmask16 nan = 0;
        for (int64_t ih = win.h0; ih < win.h1; ++ih) {
          for (int64_t iw = win.w0; iw < win.w1; ++iw) {
            const __m512 v =
                _mm512_maskz_loadu_ps(m, image + ih * x.strides[1] + iw * x.strides[2] + c);
            best = max16(v, best);
            nan |= _mm512_cmp_ps_mask(v, v, _CMP_UNORD_Q);
          }
        }
        // A NaN as the AVX2 kernel makes it: all bits set.
        _mm512_mask_storeu_ps(out + c, m, _mm512_mask_mov_ps(best, nan, all_ones));
      }
    }
  }
}

void backward_image(const strata_tensor& dy, const strata_tensor& x, const strata_tensor& dx,
                    const PoolShape& s, const strata_pool2d_params& p,
                    const std::vector<bool>& rows, const std::vector<bool>& cols, int64_t n) {
  constexpr int64_t kLanes = 16;
  const float* image = data_ptr<const float>(x) + n * x.strides[0];
  const float* grads = data_ptr<const float>(dy) + n * dy.strides[0];
  float* dimage = data_ptr<float>(dx) + n * dx.strides[0];
  const __mmask16 tail = static_cast<__mmask16>((1u << (s.c % kLanes)) - 1);
  // The channels of one pixel: whole vectors, then the tail under a mask.
  auto each_vector = [&](auto&& fn) {
    int64_t c = 0;
    for (; c + kLanes <= s.c; c += kLanes) fn(c, static_cast<__mmask16>(0xffff));
    if (c < s.c) fn(c, tail);
  };
  for (int64_t ih = 0; ih < s.h; ++ih) {
    for (int64_t iw = 0; iw < s.w; ++iw) {
      if (rows[static_cast<size_t>(ih)] && cols[static_cast<size_t>(iw)]) continue;
      float* d = dimage + ih * dx.strides[1] + iw * dx.strides[2];
      each_vector(
          [&](int64_t c, __mmask16 m) { _mm512_mask_storeu_ps(d + c, m, _mm512_setzero_ps()); });
    }
  }
  for (int64_t oh = 0; oh < s.oh; ++oh) {
    for (int64_t ow = 0; ow < s.ow; ++ow) {
      const Window win = window_of(s, p, oh, ow);
      if (win.count() == 0) continue;
      const float* g = grads + oh * dy.strides[1] + ow * dy.strides[2];
      each_vector([&](int64_t c, __mmask16 m) {
        const __m512 grad = _mm512_maskz_loadu_ps(m, g + c);
        // Calls fn(value, dx pixel) for each pixel of the window, row by row.
        auto each_pixel = [&](auto&& visit) {
          for (int64_t ih = win.h0; ih < win.h1; ++ih) {
            for (int64_t iw = win.w0; iw < win.w1; ++iw) {
              visit(_mm512_maskz_loadu_ps(m, image + ih * x.strides[1] + iw * x.strides[2] + c),
                    dimage + ih * dx.strides[1] + iw * dx.strides[2] + c);
            }
          }
        };
        __m512 best = _mm512_set1_ps(-__builtin_inff());
        __mmask16 nan = 0;
        each_pixel([&](__m512 v, float*) {
          best = max16(v, best);
          nan |= _mm512_cmp_ps_mask(v, v, _CMP_UNORD_Q);
        });
        // The gradient goes to the first maximum, or in a lane with a NaN to its first NaN.
        __mmask16 taken = 0;
        each_pixel([&](__m512 v, float* d) {
          const __mmask16 hit = (_mm512_cmp_ps_mask(v, best, _CMP_EQ_OQ) & ~nan) |
                                (_mm512_cmp_ps_mask(v, v, _CMP_UNORD_Q) & nan);
          _mm512_mask_storeu_ps(d, m, _mm512_maskz_mov_ps(hit & ~taken, grad));
          taken |= hit;
        });
      });
    }
  }
}

}  // namespace strata_avx::pool_max::avx512
