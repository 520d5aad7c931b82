// Depthwise convolution, direct: y[n,oh,ow,c] = sum_{kh,kw} x[n,ih,iw,c] * w[kh,kw,0,c], eight
// channels per vector. Forward works per output row; backward data scatters per image (whole
// images per task, so no two tasks touch one dx element); backward filter gives each task a
// block of channels and sums every pixel for it, in an order that does not depend on threads.
#include "conv_depthwise.hpp"

#include <immintrin.h>

#include <algorithm>

// Everything below is compiled for AVX2 + FMA (see avx2/target.hpp).
#include "avx2/target.hpp"

#include "avx2/simd.hpp"

namespace strata_avx::depthwise {
namespace {

constexpr int64_t kLanes = simd::kLanes;

// The image coordinate of output position o at tap k, and whether it is inside.
struct Coord {
  int64_t value;
  bool inside;
};
Coord coord(int64_t o, int64_t k, int64_t stride, int64_t pad, int64_t dilation, int64_t size) {
  const int64_t v = o * stride - pad + k * dilation;
  return {v, v >= 0 && v < size};
}

// Calls fn(ih, iw, kh, kw) for the taps of output pixel (oh, ow) inside the image.
template <typename Fn>
void for_each_tap(const ConvShape& s, const strata_conv2d_params& p, int64_t oh, int64_t ow,
                  Fn&& fn) {
  for (int64_t kh = 0; kh < s.kh; ++kh) {
    const Coord ih = coord(oh, kh, p.stride_h, p.pad_top, p.dilation_h, s.h);
    if (!ih.inside) continue;
    for (int64_t kw = 0; kw < s.kw; ++kw) {
      const Coord iw = coord(ow, kw, p.stride_w, p.pad_left, p.dilation_w, s.w);
      if (iw.inside) fn(ih.value, iw.value, kh, kw);
    }
  }
}

const float* at(const strata_tensor& t, int64_t i0, int64_t i1, int64_t i2) {
  return data_ptr<const float>(t) + i0 * t.strides[0] + i1 * t.strides[1] + i2 * t.strides[2];
}
float* at_mut(const strata_tensor& t, int64_t i0, int64_t i1, int64_t i2) {
  return data_ptr<float>(t) + i0 * t.strides[0] + i1 * t.strides[1] + i2 * t.strides[2];
}

}  // namespace

bool applies(const ConvShape& s, const strata_conv2d_params& p, const strata_tensor& x,
             const strata_tensor& w, const strata_tensor& y) {
  const bool depthwise = p.groups == s.c && s.f == s.c;
  const bool unit_channels =
      (x.strides[3] == 1 && w.strides[3] == 1 && y.strides[3] == 1) || s.c == 1;
  return depthwise && unit_channels;
}

// Channels per register block of the forward kernel: eight vector accumulators.
constexpr int64_t kBlock = 8 * kLanes;

void forward(ExecContext& ctx, const strata_tensor& x, const strata_tensor& w,
             const strata_tensor& y, const ConvShape& s, const strata_conv2d_params& p) {
  const int64_t grain = std::max<int64_t>(1, (1 << 14) / std::max<int64_t>(s.ow * s.c, 1));
  parallel_ranges(ctx, s.n * s.oh, grain, [&](int64_t begin, int64_t end, int) {
    for (int64_t row = begin; row < end; ++row) {
      const int64_t n = row / s.oh, oh = row % s.oh;
      for (int64_t ow = 0; ow < s.ow; ++ow) {
        float* out = at_mut(y, n, oh, ow);
        for (int64_t c0 = 0; c0 < s.c; c0 += kBlock) {
          const int64_t width = std::min(kBlock, s.c - c0);
          __m256 acc[8];
          for (__m256& a : acc) a = _mm256_setzero_ps();
          for_each_tap(s, p, oh, ow, [&](int64_t ih, int64_t iw, int64_t kh, int64_t kw) {
            const float* xs = at(x, n, ih, iw) + c0;
            const float* ws = at(w, kh, kw, 0) + c0;
            for (int64_t v = 0; v * kLanes < width; ++v) {
              const int64_t lanes = std::min(kLanes, width - v * kLanes);
              acc[v] = _mm256_fmadd_ps(simd::load_lanes(xs + v * kLanes, lanes),
                                       simd::load_lanes(ws + v * kLanes, lanes), acc[v]);
            }
          });
          for (int64_t v = 0; v * kLanes < width; ++v) {
            simd::store_lanes(out + c0 + v * kLanes, std::min(kLanes, width - v * kLanes), acc[v]);
          }
        }
      }
    }
  });
}

void backward_data(ExecContext& ctx, const strata_tensor& dy, const strata_tensor& w,
                   const strata_tensor& dx, const ConvShape& s, const strata_conv2d_params& p) {
  auto image = [&](int64_t n, int) {
    for (int64_t ih = 0; ih < s.h; ++ih) {
      for (int64_t iw = 0; iw < s.w; ++iw)
        std::fill(at_mut(dx, n, ih, iw), at_mut(dx, n, ih, iw) + s.c, 0.0f);
    }
    for (int64_t oh = 0; oh < s.oh; ++oh) {
      for (int64_t ow = 0; ow < s.ow; ++ow) {
        const float* g = at(dy, n, oh, ow);
        for_each_tap(s, p, oh, ow, [&](int64_t ih, int64_t iw, int64_t kh, int64_t kw) {
          float* out = at_mut(dx, n, ih, iw);
          const float* k = at(w, kh, kw, 0);
          for (int64_t c = 0; c < s.c; c += kLanes) {
            const int64_t lanes = std::min(kLanes, s.c - c);
            const __m256 sum =
                _mm256_fmadd_ps(simd::load_lanes(g + c, lanes), simd::load_lanes(k + c, lanes),
                                simd::load_lanes(out + c, lanes));
            simd::store_lanes(out + c, lanes, sum);
          }
        });
      }
    }
  };
  ctx.pool.run(s.n, image);
}

// Each task takes a block of up to kBlock channels (narrower when that gives every thread
// work) and sums every tap over all pixels for them: one output row at a time, and within it
// one tap at a time along the row, the row's dy and x staying in L1 across the taps. Each
// channel's sum runs in the same order whatever the block width, so the thread count does not
// change the result.
void backward_filter(ExecContext& ctx, const strata_tensor& x, const strata_tensor& dy,
                     const strata_tensor& dw, const ConvShape& s, const strata_conv2d_params& p) {
  const int64_t taps = s.kh * s.kw;
  const int64_t per_thread = (s.c + ctx.pool.size() - 1) / ctx.pool.size();
  const int64_t width =
      std::clamp<int64_t>((per_thread + kLanes - 1) / kLanes * kLanes, kLanes, kBlock);
  const int64_t blocks = (s.c + width - 1) / width;
  auto block = [&](int64_t b, int worker) {
    const int64_t c0 = b * width, channels = std::min(width, s.c - c0);
    const int64_t vectors = (channels + kLanes - 1) / kLanes;
    auto lanes = [&](int64_t v) { return std::min(kLanes, channels - v * kLanes); };
    __m256* acc =
        ctx.scratch[worker].get<__m256>(ScratchSlot::kRow, static_cast<size_t>(taps * vectors));
    std::fill(acc, acc + taps * vectors, _mm256_setzero_ps());
    for (int64_t n = 0; n < s.n; ++n) {
      for (int64_t oh = 0; oh < s.oh; ++oh) {
        for (int64_t kh = 0; kh < s.kh; ++kh) {
          const Coord ih = coord(oh, kh, p.stride_h, p.pad_top, p.dilation_h, s.h);
          if (!ih.inside) continue;
          for (int64_t kw = 0; kw < s.kw; ++kw) {
            __m256 part[8];
            for (__m256& v : part) v = _mm256_setzero_ps();
            for (int64_t ow = 0; ow < s.ow; ++ow) {
              const Coord iw = coord(ow, kw, p.stride_w, p.pad_left, p.dilation_w, s.w);
              if (!iw.inside) continue;
              const float* g = at(dy, n, oh, ow) + c0;
              const float* xs = at(x, n, ih.value, iw.value) + c0;
              for (int64_t v = 0; v < vectors; ++v) {
                part[v] = _mm256_fmadd_ps(simd::load_lanes(xs + v * kLanes, lanes(v)),
                                          simd::load_lanes(g + v * kLanes, lanes(v)), part[v]);
              }
            }
            __m256* a = acc + (kh * s.kw + kw) * vectors;
            for (int64_t v = 0; v < vectors; ++v) a[v] = _mm256_add_ps(a[v], part[v]);
          }
        }
      }
    }
    for (int64_t kh = 0; kh < s.kh; ++kh) {
      for (int64_t kw = 0; kw < s.kw; ++kw) {
        const __m256* a = acc + (kh * s.kw + kw) * vectors;
        float* out = at_mut(dw, kh, kw, 0) + c0;
        for (int64_t v = 0; v < vectors; ++v) simd::store_lanes(out + v * kLanes, lanes(v), a[v]);
      }
    }
  };
  ctx.pool.run(blocks, block);
}

}  // namespace strata_avx::depthwise
