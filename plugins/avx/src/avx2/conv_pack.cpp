// Implicit im2col: the convolution GEMMs pack their image operand straight from the NHWC
// tensor instead of materialising the (pixels x taps) matrix. Each run of channels of one tap
// is contiguous in the image when its channel stride is 1.
#include <algorithm>

#include "conv_geometry.hpp"
#include "gemm.hpp"

// Everything below is compiled for AVX2 + FMA (see avx2/target.hpp).
#include "avx2/target.hpp"

#include "avx2/pack_transpose.hpp"
#include "avx2/pack_width.hpp"
#include "avx2/simd.hpp"

namespace strata_avx::gemm {
namespace {

// Where output pixel m's window starts in the image, and its image base.
struct PixelOrigin {
  const float* image;  // x + n * stride_n (+ channel0)
  int64_t ih0, iw0;    // top-left tap, may be in the padding
};

PixelOrigin origin_of(const ImageSource& s, int64_t m) {
  const int64_t ow = m % s.shape.ow, rest = m / s.shape.ow;
  const int64_t oh = rest % s.shape.oh, n = rest / s.shape.oh;
  return {s.data + n * s.stride_n + s.channel0 * s.stride_c,
          oh * s.params.stride_h - s.params.pad_top, ow * s.params.stride_w - s.params.pad_left};
}

// The tap (kh, kw, c) of depth index d.
struct Tap {
  int64_t kh, kw, c;
};

Tap tap_of(const ImageSource& s, int64_t d) {
  const int64_t c = d % s.shape.c_per_group, rest = d / s.shape.c_per_group;
  return {rest / s.shape.kw, rest % s.shape.kw, c};
}

// The image element of pixel origin o at tap t, or nullptr in the padding.
const float* tap_address(const ImageSource& s, const PixelOrigin& o, const Tap& t) {
  const int64_t ih = o.ih0 + t.kh * s.params.dilation_h;
  const int64_t iw = o.iw0 + t.kw * s.params.dilation_w;
  if (ih < 0 || ih >= s.shape.h || iw < 0 || iw >= s.shape.w) return nullptr;
  return o.image + ih * s.stride_h + iw * s.stride_w + t.c * s.stride_c;
}

// Reads as 0 for taps in the padding: a pointer to it with step 0 stands in for the image, and
// with step 1 for a run of up to kZeroRun channels.
constexpr int64_t kZeroRun = 256;
alignas(64) constexpr float kZeros[kZeroRun] = {};
constexpr const float* kZero = kZeros;

// The W rows of a sliver at one tap: a pointer and a channel step per row (step 0 on kZero
// for taps in the padding). When the sliver's pixels are consecutive in one output row (the
// common case) and the tap is inside the image for all of them, the rows are one stride apart
// and only the first needs a bounds check and an address.
template <int W>
void tap_rows(const ImageSource& s, const PixelOrigin* origins, int valid, bool one_row,
              const Tap& t, const float** p, int64_t* step) {
  if (one_row) {
    const int64_t ih = origins[0].ih0 + t.kh * s.params.dilation_h;
    const int64_t iw_first = origins[0].iw0 + t.kw * s.params.dilation_w;
    const int64_t iw_last = origins[valid - 1].iw0 + t.kw * s.params.dilation_w;
    if (ih >= 0 && ih < s.shape.h && iw_first >= 0 && iw_last < s.shape.w) {
      const float* first =
          origins[0].image + ih * s.stride_h + iw_first * s.stride_w + t.c * s.stride_c;
      const int64_t pixel_step = s.params.stride_w * s.stride_w;
      for (int r = 0; r < W; ++r) {
        p[r] = r < valid ? first + r * pixel_step : kZero;
        step[r] = r < valid ? s.stride_c : 0;
      }
      return;
    }
  }
  for (int r = 0; r < W; ++r) {
    p[r] = r < valid ? tap_address(s, origins[r], t) : nullptr;
    step[r] = p[r] != nullptr ? s.stride_c : 0;
    if (p[r] == nullptr) p[r] = kZero;
  }
}

template <int W>
void im2col(const ImageSource& s, int64_t row, int64_t rows, int64_t depth, int64_t count,
            float* dst) {
  const int64_t cg = s.shape.c_per_group;
  for (int64_t sliver = 0; sliver < rows; sliver += W, dst += W * count) {
    const int valid = static_cast<int>(std::min<int64_t>(W, rows - sliver));
    PixelOrigin origins[W];
    for (int r = 0; r < valid; ++r) origins[r] = origin_of(s, row + sliver + r);
    // Consecutive pixels of one output row: same image and row, window origins stride_w apart.
    const int64_t first_ow = (row + sliver) % s.shape.ow;
    const bool one_row = first_ow + valid <= s.shape.ow;
    Tap t = tap_of(s, depth);
    for (int64_t d = 0; d < count;) {
      // One tap's run of channels: each row's pointer is fixed, the channel steps.
      const int64_t run = std::min(cg - t.c, count - d);
      const float* p[W];
      int64_t step[W];
      tap_rows<W>(s, origins, valid, one_row, t, p, step);
      if (s.stride_c == 1 && run <= kZeroRun) {
        // Every row is contiguous (image channels, or zeros): a transposing copy. Its spill
        // past the run lands on the next tap's first step, written next.
        pack_rows_contiguous<W>(p, W, run, d + run < count, dst + d * W);
      } else {
        for (int64_t j = 0; j < run; ++j) {
          float* out = dst + (d + j) * W;
          for (int r = 0; r < W; ++r) out[r] = p[r][j * step[r]];
        }
      }
      d += run;
      t.c = 0;
      if (++t.kw == s.shape.kw) {
        t.kw = 0;
        ++t.kh;
      }
    }
  }
}

// Rows [first, first + length) of a sliver share one (kh, kw) and take consecutive channels:
// one bounds check covers them all.
struct TapRun {
  int first, length;
  Tap tap;  // of the first row
};

// Copies `length` channels `stride` apart to consecutive floats.
void copy_channels(const float* src, int64_t stride, int length, float* dst) {
  if (stride != 1) {
    for (int i = 0; i < length; ++i) dst[i] = src[i * stride];
    return;
  }
  int i = 0;
  for (; i + simd::kLanes <= length; i += simd::kLanes) {
    _mm256_storeu_ps(dst + i, _mm256_loadu_ps(src + i));
  }
  if (i < length) simd::store_tail(dst + i, length - i, simd::load_tail(src + i, length - i));
}

// Depth steps are output pixels, walked a segment of one output row at a time: along it the
// window moves stride_w columns per pixel, so each tap run needs one row check per segment and
// the range of pixels whose column is inside the image, not a bounds check per pixel.
template <int W>
void im2col_transposed(const ImageSource& s, int64_t row, int64_t rows, int64_t depth,
                       int64_t count, float* dst) {
  const int64_t sw = s.params.stride_w;
  for (int64_t sliver = 0; sliver < rows; sliver += W, dst += W * count) {
    const int valid = static_cast<int>(std::min<int64_t>(W, rows - sliver));
    TapRun runs[W];
    int num_runs = 0;
    for (int r = 0; r < valid; ++r) {
      const Tap t = tap_of(s, row + sliver + r);
      TapRun* last = num_runs > 0 ? &runs[num_runs - 1] : nullptr;
      if (last != nullptr && t.c != 0 && t.kh == last->tap.kh && t.kw == last->tap.kw) {
        ++last->length;
      } else {
        runs[num_runs++] = {r, 1, t};
      }
    }
    int64_t ow = depth % s.shape.ow, oh = (depth / s.shape.ow) % s.shape.oh;
    int64_t n = depth / (s.shape.ow * s.shape.oh);
    for (int64_t d = 0; d < count;) {
      const int64_t segment = std::min(count - d, s.shape.ow - ow);
      float* out = dst + d * W;
      const float* image = s.data + n * s.stride_n + s.channel0 * s.stride_c;
      for (int64_t j = 0; j < segment; ++j) {
        for (int r = valid; r < W; ++r) out[j * W + r] = 0.0f;
      }
      for (int k = 0; k < num_runs; ++k) {
        const TapRun& run = runs[k];
        const int64_t ih =
            oh * s.params.stride_h - s.params.pad_top + run.tap.kh * s.params.dilation_h;
        // Pixel j reads column iw0 + j * sw; [lo, hi) are those inside the image.
        const int64_t iw0 = ow * sw - s.params.pad_left + run.tap.kw * s.params.dilation_w;
        int64_t lo = 0, hi = 0;
        if (ih >= 0 && ih < s.shape.h && iw0 < s.shape.w) {
          lo = iw0 >= 0 ? 0 : (-iw0 + sw - 1) / sw;
          hi = std::min(segment, (s.shape.w - 1 - iw0) / sw + 1);
          lo = std::min(lo, hi);
        }
        float* o = out + run.first;
        for (int64_t j = 0; j < lo; ++j) std::fill_n(o + j * W, run.length, 0.0f);
        if (lo < hi) {
          const int64_t step = sw * s.stride_w;
          const float* src =
              image + ih * s.stride_h + (iw0 + lo * sw) * s.stride_w + run.tap.c * s.stride_c;
          if (run.length == 1) {
            for (int64_t j = lo; j < hi; ++j, src += step) o[j * W] = *src;
          } else {
            for (int64_t j = lo; j < hi; ++j, src += step) {
              copy_channels(src, s.stride_c, run.length, o + j * W);
            }
          }
        }
        for (int64_t j = hi; j < segment; ++j) std::fill_n(o + j * W, run.length, 0.0f);
      }
      d += segment;
      ow = 0;
      if (++oh == s.shape.oh) {
        oh = 0;
        ++n;
      }
    }
  }
}

}  // namespace

void pack_im2col(const void* source, int64_t row, int64_t rows, int64_t depth, int64_t count,
                 int width, float* dst) {
  const auto& s = *static_cast<const ImageSource*>(source);
  with_pack_width(width, [&](auto w) { im2col<w()>(s, row, rows, depth, count, dst); });
}

void pack_im2col_transposed(const void* source, int64_t row, int64_t rows, int64_t depth,
                            int64_t count, int width, float* dst) {
  const auto& s = *static_cast<const ImageSource*>(source);
  with_pack_width(width, [&](auto w) { im2col_transposed<w()>(s, row, rows, depth, count, dst); });
}

}  // namespace strata_avx::gemm
