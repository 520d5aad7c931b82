// STRATA_OP_POOL2D and STRATA_OP_POOL2D_BACKWARD, MAX and AVG over NHWC windows, eight channels
// at a time when channels are contiguous. Padding is never part of a window: MAX never selects
// it, AVG divides by the real pixel count, and a window without real pixels gives 0. The
// backward op gives each task whole images and a block of channels, so the scattered
// gradients of overlapping windows never race.
#include <immintrin.h>
#include <strata/kit/op_checks.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "conv_geometry.hpp"
#include "op_common.hpp"
#include "pool_max.hpp"
#include "strided_loop.hpp"

// Everything below is compiled for AVX2 + FMA (see avx2/target.hpp).
#include "avx2/target.hpp"

#include "avx2/simd.hpp"

namespace strata_avx {
namespace {

// The kit's checks of the call, then this backend's f32-only rule; x is the image.
strata_error* check_pool(const strata_op_call& call, std::string_view op, bool backward,
                         const strata_tensor& x, strata_pool2d_params& p, PoolShape& s) {
  if (auto* err = make_error(strata::kit::check_pool2d_call(call, op, backward, p, s))) return err;
  if (x.dtype != STRATA_F32) return dtype_unsupported(op, x, "f32");
  return nullptr;
}

// The larger of best and v, NaN once either is NaN.
__m256 max_nan(__m256 best, __m256 v) {
  return _mm256_or_ps(_mm256_max_ps(best, v), _mm256_cmp_ps(best, v, _CMP_UNORD_Q));
}

// `lanes` (<= 8) channels `stride` apart, as one vector.
__m256 load_channels(const float* p, int64_t stride, int64_t lanes) {
  if (stride == 1) return simd::load_lanes(p, lanes);
  alignas(32) float v[simd::kLanes] = {};
  for (int64_t i = 0; i < lanes; ++i) v[i] = p[i * stride];
  return _mm256_load_ps(v);
}

void store_channels(float* p, int64_t stride, int64_t lanes, __m256 value) {
  if (stride == 1) return simd::store_lanes(p, lanes, value);
  alignas(32) float v[simd::kLanes];
  _mm256_store_ps(v, value);
  for (int64_t i = 0; i < lanes; ++i) p[i * stride] = v[i];
}

// One output pixel's channels: the maximum (kMax) or the mean of its window's real pixels.
template <bool kMax>
void pool_pixel(const float* image, const strata_tensor& x, const Window& win, int64_t channels,
                float* out, int64_t out_stride) {
  const int64_t xc = x.strides[3];
  const __m256 count = _mm256_set1_ps(static_cast<float>(win.count()));
  for (int64_t c = 0; c < channels; c += simd::kLanes) {
    const int64_t lanes = std::min<int64_t>(simd::kLanes, channels - c);
    __m256 acc = _mm256_set1_ps(kMax ? -std::numeric_limits<float>::infinity() : 0.0f);
    for (int64_t ih = win.h0; ih < win.h1; ++ih) {
      for (int64_t iw = win.w0; iw < win.w1; ++iw) {
        const __m256 v =
            load_channels(image + ih * x.strides[1] + iw * x.strides[2] + c * xc, xc, lanes);
        acc = kMax ? max_nan(acc, v) : _mm256_add_ps(acc, v);
      }
    }
    if (win.count() == 0) {
      acc = _mm256_setzero_ps();
    } else if (!kMax) {
      acc = _mm256_div_ps(acc, count);
    }
    store_channels(out + c * out_stride, out_stride, lanes, acc);
  }
}

void pool_forward(ExecContext& ctx, int32_t sub_op, const strata_tensor& x, const strata_tensor& y,
                  const PoolShape& s, const strata_pool2d_params& p) {
  const int64_t grain = std::max<int64_t>(1, (1 << 14) / std::max<int64_t>(s.ow * s.c, 1));
  if (ctx.isa == Isa::kAvx512 && sub_op == STRATA_POOL_MAX && pool_max::applies_forward(x, y)) {
    return parallel_ranges(ctx, s.n * s.oh, grain, [&](int64_t begin, int64_t end, int) {
      pool_max::avx512::forward_rows(x, y, s, p, begin, end);
    });
  }
  parallel_ranges(ctx, s.n * s.oh, grain, [&](int64_t begin, int64_t end, int) {
    for (int64_t row = begin; row < end; ++row) {
      const int64_t n = row / s.oh, oh = row % s.oh;
      const float* image = data_ptr<const float>(x) + n * x.strides[0];
      for (int64_t ow = 0; ow < s.ow; ++ow) {
        const Window win = window_of(s, p, oh, ow);
        float* out = data_ptr<float>(y) + n * y.strides[0] + oh * y.strides[1] + ow * y.strides[2];
        if (sub_op == STRATA_POOL_MAX) {
          pool_pixel<true>(image, x, win, s.c, out, y.strides[3]);
        } else {
          pool_pixel<false>(image, x, win, s.c, out, y.strides[3]);
        }
      }
    }
  });
}

// Channels per backward task.
constexpr int64_t kChannelBlock = 64;

// Which of `size` input positions along one axis some window covers: windows are disjoint
// (stride >= window), so the covered ones are exactly the union of each output's clipped range.
std::vector<bool> covered_positions(int64_t size, int64_t outputs, int64_t stride, int64_t window,
                                    int64_t pad) {
  std::vector<bool> covered(static_cast<size_t>(size), false);
  for (int64_t o = 0; o < outputs; ++o) {
    const int64_t first = std::max<int64_t>(o * stride - pad, 0);
    const int64_t last = std::min<int64_t>(o * stride - pad + window, size);
    for (int64_t i = first; i < last; ++i) covered[static_cast<size_t>(i)] = true;
  }
  return covered;
}

// The gradient of one image's channels [c0, c1). Every pixel of each window gets, lane by lane,
// its share: the whole gradient for the channel's first maximum (MAX), a 1/count part (AVG), 0
// elsewhere. With disjoint windows (kDisjoint) each pixel has at most one window and the share
// is stored as is, the pixels outside every window zeroed; otherwise dx is zeroed first and the
// shares of overlapping windows add up.
template <bool kDisjoint>
void pool_backward_block(int32_t sub_op, const strata_tensor& dy, const strata_tensor& x,
                         const strata_tensor& dx, const PoolShape& s, const strata_pool2d_params& p,
                         const std::vector<bool>& rows, const std::vector<bool>& cols, int64_t n,
                         int64_t c0, int64_t c1) {
  const int64_t xc = x.strides[3], gc = dy.strides[3], dc = dx.strides[3];
  float* dimage = data_ptr<float>(dx) + n * dx.strides[0];
  const float* image = data_ptr<const float>(x) + n * x.strides[0];
  const __m256 zero = _mm256_setzero_ps();
  for (int64_t ih = 0; ih < s.h; ++ih) {
    for (int64_t iw = 0; iw < s.w; ++iw) {
      if (kDisjoint && rows[static_cast<size_t>(ih)] && cols[static_cast<size_t>(iw)]) continue;
      float* d = dimage + ih * dx.strides[1] + iw * dx.strides[2];
      for (int64_t c = c0; c < c1; c += simd::kLanes) {
        store_channels(d + c * dc, dc, std::min<int64_t>(simd::kLanes, c1 - c), zero);
      }
    }
  }
  for (int64_t oh = 0; oh < s.oh; ++oh) {
    for (int64_t ow = 0; ow < s.ow; ++ow) {
      const Window win = window_of(s, p, oh, ow);
      if (win.count() == 0) continue;
      const float* g =
          data_ptr<const float>(dy) + n * dy.strides[0] + oh * dy.strides[1] + ow * dy.strides[2];
      for (int64_t c = c0; c < c1; c += simd::kLanes) {
        const int64_t lanes = std::min<int64_t>(simd::kLanes, c1 - c);
        const __m256 grad = load_channels(g + c * gc, gc, lanes);
        // Calls fn(x pixel, dx pixel) for each pixel of the window, row by row.
        auto each_pixel = [&](auto&& fn) {
          for (int64_t ih = win.h0; ih < win.h1; ++ih) {
            for (int64_t iw = win.w0; iw < win.w1; ++iw) {
              fn(image + ih * x.strides[1] + iw * x.strides[2] + c * xc,
                 dimage + ih * dx.strides[1] + iw * dx.strides[2] + c * dc);
            }
          }
        };
        auto put = [&](float* d, __m256 part) {
          if (!kDisjoint) part = _mm256_add_ps(load_channels(d, dc, lanes), part);
          store_channels(d, dc, lanes, part);
        };
        if (sub_op == STRATA_POOL_AVG) {
          const __m256 share = _mm256_div_ps(grad, _mm256_set1_ps(static_cast<float>(win.count())));
          each_pixel([&](const float*, float* d) { put(d, share); });
          continue;
        }
        // MAX: the gradient goes to each channel's first maximum in the window, or to its
        // first NaN when it has one. The maximum of the other values first, then the first
        // pixel that holds it; `taken` marks the channels already given their gradient.
        __m256 best = _mm256_set1_ps(-std::numeric_limits<float>::infinity());
        __m256 has_nan = _mm256_setzero_ps();
        each_pixel([&](const float* v, float*) {
          const __m256 value = load_channels(v, xc, lanes);
          best = _mm256_max_ps(value, best);
          has_nan = _mm256_or_ps(has_nan, simd::is_nan(value));
        });
        const bool any_nan = _mm256_movemask_ps(has_nan) != 0;
        __m256 taken = _mm256_setzero_ps();
        each_pixel([&](const float* v, float* d) {
          const __m256 value = load_channels(v, xc, lanes);
          __m256 hit = _mm256_cmp_ps(value, best, _CMP_EQ_OQ);
          if (any_nan) hit = simd::select(has_nan, simd::is_nan(value), hit);
          put(d, _mm256_and_ps(_mm256_andnot_ps(taken, hit), grad));
          taken = _mm256_or_ps(taken, hit);
        });
      }
    }
  }
}

void pool_backward(ExecContext& ctx, int32_t sub_op, const strata_tensor& dy,
                   const strata_tensor& x, const strata_tensor& dx, const PoolShape& s,
                   const strata_pool2d_params& p) {
  const bool disjoint = p.stride_h >= p.window_h && p.stride_w >= p.window_w;
  std::vector<bool> rows, cols;
  if (disjoint) {
    rows = covered_positions(s.h, s.oh, p.stride_h, p.window_h, p.pad_top);
    cols = covered_positions(s.w, s.ow, p.stride_w, p.window_w, p.pad_left);
  }
  if (ctx.isa == Isa::kAvx512 && sub_op == STRATA_POOL_MAX && pool_max::applies(p, dy, x, dx)) {
    auto image = [&](int64_t n, int) {
      pool_max::avx512::backward_image(dy, x, dx, s, p, rows, cols, n);
    };
    ctx.pool.run(s.n, image);
    return;
  }
  const int64_t blocks = (s.c + kChannelBlock - 1) / kChannelBlock;
  auto task = [&](int64_t t, int) {
    const int64_t n = t / blocks;
    const int64_t c0 = (t % blocks) * kChannelBlock, c1 = std::min(s.c, c0 + kChannelBlock);
    if (disjoint) {
      pool_backward_block<true>(sub_op, dy, x, dx, s, p, rows, cols, n, c0, c1);
    } else {
      pool_backward_block<false>(sub_op, dy, x, dx, s, p, rows, cols, n, c0, c1);
    }
  };
  ctx.pool.run(s.n * blocks, task);
}

}  // namespace

strata_error* op_pool2d(const strata_op_call& call, Phase phase, ExecContext& ctx) {
  constexpr std::string_view kOp = "pool2d";
  if (auto* err = check_call(call, kOp, 1, 1, phase)) return err;
  const strata_tensor& x = *call.inputs[0];
  const strata_tensor& y = *call.outputs[0];
  strata_pool2d_params p{};
  PoolShape s{};
  if (auto* err = check_pool(call, kOp, false, x, p, s)) return err;
  if (phase == Phase::kValidate) return nullptr;
  pool_forward(ctx, call.sub_op, x, y, s, p);
  return nullptr;
}

strata_error* op_pool2d_backward(const strata_op_call& call, Phase phase, ExecContext& ctx) {
  constexpr std::string_view kOp = "pool2d_backward";
  if (auto* err = check_call(call, kOp, 2, 1, phase)) return err;
  const strata_tensor& dy = *call.inputs[0];
  const strata_tensor& x = *call.inputs[1];
  const strata_tensor& dx = *call.outputs[0];
  strata_pool2d_params p{};
  PoolShape s{};
  if (auto* err = check_pool(call, kOp, true, x, p, s)) return err;
  if (phase == Phase::kValidate) return nullptr;
  pool_backward(ctx, call.sub_op, dy, x, dx, s, p);
  return nullptr;
}

}  // namespace strata_avx
