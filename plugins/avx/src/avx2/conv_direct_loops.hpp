// The direct convolution forward (see conv_direct.hpp) for any vector width: a kernel file
// includes this after its target header and instantiates Direct<Vectors> with its own vector
// operations, so each instantiation is compiled for that file's ISA (everything here has
// internal linkage). Direct's kBlock is the input channels per block of the padded buffer.
//
// Vectors provides:
//   Vec, kLanes          the vector type and its floats
//   kPixels, kVectors    the register tile: up to kPixels output pixels of one row by kVectors
//                        vectors of output channels (kPixels * kVectors accumulators)
//   kFilterTaps          backward filter's register tile: up to kFilterTaps taps by kVectors
//   zero(), load(p), broadcast(p), fmadd(a, b, c) = a * b + c, add(a, b)
//   store(p, v, lanes)   the first `lanes` (1..kLanes) floats of v at p
#pragma once

#ifndef STRATA_AVX2_REGION
#error "include a target header (avx2/target.hpp, avx512/target.hpp) before conv_direct_loops.hpp"
#endif

// The including file includes these before its target header (see avx2/target.hpp), so that
// they stay baseline code.
#include <strata/kit/window.hpp>

#include <algorithm>
#include <array>
#include <utility>
#include <vector>

#include "conv_direct.hpp"
#include "tensor.hpp"

namespace strata_avx::conv_direct {
namespace {

using strata::kit::floor_div;

// The padded input buffer: input rows, each cblocks blocks of `block` channels (zeros past C),
// each holding the padded row's columns j = iw + pad_left (zeros outside the image) split
// by j % stride_w into `phases` runs of `columns`, so that the pixels of a tile read
// consecutive columns of one run whatever the stride.
struct Buffer {
  int64_t block, cblocks, phases, columns;
  int64_t block_floats() const { return phases * columns * block; }
  int64_t row_floats() const { return cblocks * block_floats(); }
};

// The loop bounds and steps one tile shares with every other tile of its output row.
struct TileArgs {
  int64_t kh_count, kw_count, cblocks;
  int64_t kh_step;            // floats between the buffer rows of consecutive kh
  const int64_t* kw_offsets;  // floats from the tile's first column to kw's
  int64_t cblock_step;
  int64_t y_pixel_stride;
  int last_lanes;  // output channels of the tile's last vector, 1..kLanes
};

// The loops of the many-channel backward-filter kernel: output rows and pixels per row, steps
// between rows of the buffer and of dy, between pixels of dy, and between output channels of
// the partial dw.
struct FilterArgs {
  int64_t rows, pixels, in_row_step, dy_row_stride, dy_pixel_stride, out_stride;
};

template <typename V, int kBlock>
class Direct {
  static constexpr int kLanes = V::kLanes;
  using Vec = typename V::Vec;

 public:
  static void forward(ExecContext& ctx, const strata_tensor& x, const Filter& w,
                      const strata_tensor& y, const ConvShape& s, const strata_conv2d_params& p) {
    const int64_t sh = p.stride_h, sw = p.stride_w, dh = p.dilation_h, dw = p.dilation_w;
    const int64_t padded_width = (s.ow - 1) * sw + (s.kw - 1) * dw + 1;
    const Buffer buf{kBlock, (s.c + kBlock - 1) / kBlock, sw, (padded_width + sw - 1) / sw};
    const int64_t cp = buf.cblocks * kBlock;
    std::vector<int64_t> kw_offsets(static_cast<size_t>(s.kw));
    for (int64_t kw = 0; kw < s.kw; ++kw) {
      kw_offsets[kw] = ((kw * dw) % sw * buf.columns + kw * dw / sw) * kBlock;
    }
    const int64_t taps = s.kh * s.kw * cp;
    float* packed = ctx.scratch[0].get<float>(ScratchSlot::kPackB,
                                              static_cast<size_t>(taps * round_up(s.f, kLanes)));
    pack_weights(w, s, cp, packed);
    // Output rows per buffer fill: their input rows stay within about 256 KiB (L2).
    const int64_t span = (s.kh - 1) * dh + 1;
    const int64_t chunk = std::max<int64_t>(1, ((1 << 16) / buf.row_floats() - span) / sh + 1);
    const int64_t buffer_rows = std::min(s.h, (chunk - 1) * sh + span);
    // Rows [begin, end) of all images' output rows (n, oh), in blocks within one image.
    auto rows_of = [&](int64_t begin, int64_t end, int worker) {
      float* rows = ctx.scratch[worker].get<float>(
          ScratchSlot::kColumns, static_cast<size_t>(buffer_rows * buf.row_floats()));
      for (int64_t r = begin; r < end;) {
        const int64_t n = r / s.oh, oh = r % s.oh;
        const int64_t last = std::min(s.oh, oh + end - r);
        for (int64_t first = oh; first < last; first += chunk) {
          const Rows block{n, first, std::min(last, first + chunk)};
          run_rows(x, y, s, p, buf, kw_offsets.data(), packed, block, rows);
        }
        r += last - oh;
      }
    };
    // Tasks of at least 2^18 multiply-adds (a few microseconds).
    const int64_t macs_per_row = s.ow * s.f * taps;
    parallel_ranges(ctx, s.n * s.oh, std::max<int64_t>(1, (1 << 18) / macs_per_row), rows_of);
  }

  // dw from x and dy, for C <= kBlock (one channel block) and F a multiple of kLanes: for each
  // output row and kernel row, a register tile of that kernel row's taps (kw, c) by vectors of
  // output channels accumulates broadcast input values times dy along the row. Partial dw as
  // [kh][kw][c][f].
  static void backward_filter(ExecContext& ctx, const strata_tensor& x, const strata_tensor& dy,
                              const strata_tensor& dw, const ConvShape& s,
                              const strata_conv2d_params& p) {
    const int64_t sw = p.stride_w, dil_w = p.dilation_w;
    const int64_t padded_width = (s.ow - 1) * sw + (s.kw - 1) * dil_w + 1;
    const Buffer buf{kBlock, 1, sw, (padded_width + sw - 1) / sw};
    // The taps of one kernel row, as offsets from an output pixel's first column.
    std::vector<int64_t> offsets;
    for (int64_t kw = 0; kw < s.kw; ++kw) {
      for (int64_t c = 0; c < s.c; ++c) {
        offsets.push_back(((kw * dil_w) % sw * buf.columns + kw * dil_w / sw) * kBlock + c);
      }
    }
    const int64_t row_taps = s.kw * s.c;
    auto image = [&](int64_t n, float* part, float* rows) {
      for (int64_t ih = 0; ih < s.h; ++ih) {
        fill_row(x, s, p, buf, n, ih, rows + ih * buf.row_floats());
      }
      for (int64_t oh = 0; oh < s.oh; ++oh) {
        const float* g = data_ptr<const float>(dy) + n * dy.strides[0] + oh * dy.strides[1];
        for (int64_t kh = 0; kh < s.kh; ++kh) {
          const int64_t ih = oh * p.stride_h - p.pad_top + kh * p.dilation_h;
          if (ih < 0 || ih >= s.h) continue;
          const float* in = rows + ih * buf.row_floats();
          for (int64_t f0 = 0; f0 < s.f; f0 += V::kVectors * kLanes) {
            const int vectors =
                static_cast<int>(std::min<int64_t>(V::kVectors, (s.f - f0) / kLanes));
            for (int64_t t0 = 0; t0 < row_taps; t0 += V::kFilterTaps) {
              const int taps = static_cast<int>(std::min<int64_t>(V::kFilterTaps, row_taps - t0));
              filter_tile(vectors, taps, s.ow, in, offsets.data() + t0, g + f0, dy.strides[2],
                          part + (kh * row_taps + t0) * s.f + f0, s.f);
            }
          }
        }
      }
    };
    filter_chunks(ctx, dw, s, s.kh * row_taps * s.f, s.h * buf.row_floats(), image,
                  [&](int64_t kh, int64_t kw, int64_t c, int64_t f) {
                    return (kh * row_taps + kw * s.c + c) * s.f + f;
                  });
  }

  // dw from x and dy with many channels (kBlock of sixteen): at each kernel position, a register
  // tile of up to kPixels output channels by kVectors vectors of input channels accumulates dy
  // broadcasts times input vectors over all the output rows of an image that the position
  // reads. Partial dw as [kh][kw][f][c], C padded to whole blocks.
  static void backward_filter_channels(ExecContext& ctx, const strata_tensor& x,
                                       const strata_tensor& dy, const strata_tensor& dw,
                                       const ConvShape& s, const strata_conv2d_params& p) {
    const int64_t sh = p.stride_h, sw = p.stride_w, dh = p.dilation_h, dil_w = p.dilation_w;
    const int64_t padded_width = (s.ow - 1) * sw + (s.kw - 1) * dil_w + 1;
    const Buffer buf{kBlock, (s.c + kBlock - 1) / kBlock, sw, (padded_width + sw - 1) / sw};
    const int64_t cp = buf.cblocks * kBlock;
    // Output channels in tiles of nearly equal counts, at most kPixels each.
    const int64_t f_tiles = (s.f + V::kPixels - 1) / V::kPixels;
    auto image = [&](int64_t n, float* part, float* rows) {
      for (int64_t ih = 0; ih < s.h; ++ih) {
        fill_row(x, s, p, buf, n, ih, rows + ih * buf.row_floats());
      }
      const float* g = data_ptr<const float>(dy) + n * dy.strides[0];
      for (int64_t kh = 0; kh < s.kh; ++kh) {
        // The output rows whose input row for kh is inside the image: [oh0, oh1).
        const int64_t oh0 = std::max<int64_t>(0, -floor_div(kh * dh - p.pad_top, sh));
        const int64_t oh1 = std::min(s.oh, floor_div(s.h - 1 + p.pad_top - kh * dh, sh) + 1);
        if (oh1 <= oh0) continue;
        const FilterArgs args{oh1 - oh0,     s.ow,          sh * buf.row_floats(),
                              dy.strides[1], dy.strides[2], cp};
        const float* in_kh = rows + (oh0 * sh - p.pad_top + kh * dh) * buf.row_floats();
        const float* g_kh = g + oh0 * dy.strides[1];
        for (int64_t kw = 0; kw < s.kw; ++kw) {
          const float* in = in_kh + ((kw * dil_w) % sw * buf.columns + kw * dil_w / sw) * kBlock;
          for (int64_t c0 = 0; c0 < s.c; c0 += V::kVectors * kLanes) {
            const int vectors =
                static_cast<int>(std::min<int64_t>(V::kVectors, (s.c - c0 + kLanes - 1) / kLanes));
            std::array<int64_t, V::kVectors> vector_offsets{};
            for (int v = 0; v < vectors; ++v) {
              const int64_t c = c0 + v * kLanes;
              vector_offsets[v] = c / kBlock * buf.block_floats() + c % kBlock;
            }
            for (int64_t t = 0; t < f_tiles; ++t) {
              const int64_t f0 = s.f * t / f_tiles, f1 = s.f * (t + 1) / f_tiles;
              channel_tile(static_cast<int>(f1 - f0), vectors, args, in, vector_offsets.data(),
                           g_kh + f0, part + ((kh * s.kw + kw) * s.f + f0) * cp + c0);
            }
          }
        }
      }
    };
    filter_chunks(ctx, dw, s, s.kh * s.kw * s.f * cp, s.h * buf.row_floats(), image,
                  [&](int64_t kh, int64_t kw, int64_t c, int64_t f) {
                    return ((kh * s.kw + kw) * s.f + f) * cp + c;
                  });
  }

 private:
  static int64_t round_up(int64_t v, int64_t m) { return (v + m - 1) / m * m; }

  // Output rows [first, end) of image n.
  struct Rows {
    int64_t n, first, end;
  };

  // The output channels from f0 a tile covers: kVectors vectors, fewer at the end of F, where
  // the last vector may be partial.
  struct ChannelBlock {
    int64_t width;
    int vectors() const { return static_cast<int>((width + kLanes - 1) / kLanes); }
  };
  static ChannelBlock channel_block(const ConvShape& s, int64_t f0) {
    return {std::min<int64_t>(s.f - f0, V::kVectors * kLanes)};
  }

  // w as one run per channel block: [kh][kw][cp][vectors * kLanes], zeros past C and F.
  static void pack_weights(const Filter& w, const ConvShape& s, int64_t cp, float* dst) {
    const float* src = w.data;
    for (int64_t f0 = 0; f0 < s.f; f0 += V::kVectors * kLanes) {
      const ChannelBlock b = channel_block(s, f0);
      const int64_t width = b.vectors() * kLanes;
      for (int64_t kh = 0; kh < s.kh; ++kh) {
        for (int64_t kw = 0; kw < s.kw; ++kw) {
          for (int64_t c = 0; c < cp; ++c, dst += width) {
            std::fill(dst, dst + width, 0.0f);
            if (c >= s.c) continue;
            const float* in = src + kh * w.strides[0] + kw * w.strides[1] + c * w.strides[2];
            for (int64_t f = 0; f < b.width; ++f) dst[f] = in[(f0 + f) * w.strides[3]];
          }
        }
      }
    }
  }

  // Input row ih of image n into the buffer row at dst.
  static void fill_row(const strata_tensor& x, const ConvShape& s, const strata_conv2d_params& p,
                       const Buffer& buf, int64_t n, int64_t ih, float* dst) {
    std::fill(dst, dst + buf.row_floats(), 0.0f);
    const float* src = data_ptr<const float>(x) + n * x.strides[0] + ih * x.strides[1];
    const int64_t sc = x.strides[3];
    const int64_t first = std::max<int64_t>(0, p.pad_left);
    const int64_t end = std::min(buf.phases * buf.columns, p.pad_left + s.w);
    for (int64_t j = first; j < end; ++j) {
      const float* pixel = src + (j - p.pad_left) * x.strides[2];
      float* out = dst + (j % buf.phases * buf.columns + j / buf.phases) * kBlock;
      for (int64_t c0 = 0; c0 < s.c; c0 += kBlock, out += buf.block_floats()) {
        const int64_t count = std::min<int64_t>(kBlock, s.c - c0);
        if (sc == 1 && count == kBlock) {
          std::copy(pixel + c0, pixel + c0 + kBlock, out);
        } else {
          for (int64_t c = 0; c < count; ++c) out[c] = pixel[(c0 + c) * sc];
        }
      }
    }
  }

  static void run_rows(const strata_tensor& x, const strata_tensor& y, const ConvShape& s,
                       const strata_conv2d_params& p, const Buffer& buf, const int64_t* kw_offsets,
                       const float* packed, const Rows& rows, float* buffer) {
    const int64_t sh = p.stride_h, dh = p.dilation_h;
    const int64_t ih_begin = std::max<int64_t>(0, rows.first * sh - p.pad_top);
    const int64_t ih_end = std::min(s.h, (rows.end - 1) * sh - p.pad_top + (s.kh - 1) * dh + 1);
    for (int64_t ih = ih_begin; ih < ih_end; ++ih) {
      fill_row(x, s, p, buf, rows.n, ih, buffer + (ih - ih_begin) * buf.row_floats());
    }
    const int64_t cp = buf.cblocks * kBlock;
    const int64_t tiles = (s.ow + V::kPixels - 1) / V::kPixels;
    // Channel blocks outermost: a block's filters (36 KiB for 3x3x32 on AVX-512) stay in L1,
    // or with many channels in L2, over all the rows.
    for (int64_t f0 = 0; f0 < s.f; f0 += V::kVectors * kLanes) {
      const ChannelBlock b = channel_block(s, f0);
      const float* wb = packed + f0 * s.kh * s.kw * cp;
      for (int64_t oh = rows.first; oh < rows.end; ++oh) {
        // The kernel rows inside the image: kh in [kh_first, kh_end).
        const int64_t top = oh * sh - p.pad_top;
        const int64_t kh_first = std::max<int64_t>(0, -floor_div(top, dh));
        const int64_t kh_end = std::min(s.kh, floor_div(s.h - 1 - top, dh) + 1);
        const TileArgs args{std::max<int64_t>(0, kh_end - kh_first),
                            s.kw,
                            buf.cblocks,
                            dh * buf.row_floats(),
                            kw_offsets,
                            buf.block_floats(),
                            y.strides[2],
                            static_cast<int>(b.width - (b.vectors() - 1) * kLanes)};
        const float* in = args.kh_count > 0
                              ? buffer + (top + kh_first * dh - ih_begin) * buf.row_floats()
                              : buffer;
        const float* wt = wb + kh_first * s.kw * cp * b.vectors() * kLanes;
        float* out = data_ptr<float>(y) + rows.n * y.strides[0] + oh * y.strides[1] + f0;
        // Tiles of (nearly) equal widths: 30 pixels as 10 + 10 + 10 rather than 14 + 14 + 2.
        for (int64_t t = 0; t < tiles; ++t) {
          const int64_t ow0 = s.ow * t / tiles, count = s.ow * (t + 1) / tiles - ow0;
          tile(b.vectors(), static_cast<int>(count), args, in + ow0 * kBlock, wt,
               out + ow0 * y.strides[2]);
        }
      }
    }
  }

  // The accumulators of `kPixels` output pixels by kVectors vectors of output channels, over
  // the taps in args; `w` is the channel block's packed filters from the first kh in args.
  template <int kPixels, int kVectors>
  static void kernel(const TileArgs& args, const float* in, const float* w, float* y) {
    Vec acc[kPixels][kVectors];
#pragma GCC unroll 16
    for (int i = 0; i < kPixels; ++i) {
#pragma GCC unroll 4
      for (int v = 0; v < kVectors; ++v) acc[i][v] = V::zero();
    }
    for (int64_t kh = 0; kh < args.kh_count; ++kh) {
      for (int64_t kw = 0; kw < args.kw_count; ++kw) {
        const float* src = in + kh * args.kh_step + args.kw_offsets[kw];
        for (int64_t cb = 0; cb < args.cblocks; ++cb, src += args.cblock_step) {
#pragma GCC unroll 16
          for (int c = 0; c < kBlock; ++c) {
            Vec wv[kVectors];
#pragma GCC unroll 4
            for (int v = 0; v < kVectors; ++v) wv[v] = V::load(w + v * kLanes);
#pragma GCC unroll 16
            for (int i = 0; i < kPixels; ++i) {
              const Vec xv = V::broadcast(src + i * kBlock + c);
#pragma GCC unroll 4
              for (int v = 0; v < kVectors; ++v) acc[i][v] = V::fmadd(xv, wv[v], acc[i][v]);
            }
            w += kVectors * kLanes;
          }
        }
      }
    }
#pragma GCC unroll 16
    for (int i = 0; i < kPixels; ++i) {
#pragma GCC unroll 4
      for (int v = 0; v < kVectors; ++v) {
        V::store(y + i * args.y_pixel_stride + v * kLanes, acc[i][v],
                 v + 1 < kVectors ? kLanes : args.last_lanes);
      }
    }
  }

  using Kernel = void (*)(const TileArgs&, const float*, const float*, float*);

  // kernels<v>: the kernels of v vectors by 1..kPixels pixels; kernel_table: those of
  // 1..kVectors vectors.
  template <int kVectors, int... kMinusOne>
  static constexpr std::array<Kernel, sizeof...(kMinusOne)> kernels(
      std::integer_sequence<int, kMinusOne...>) {
    return {&kernel<kMinusOne + 1, kVectors>...};
  }
  template <int... kMinusOne>
  static constexpr auto kernel_table(std::integer_sequence<int, kMinusOne...>) {
    return std::array{kernels<kMinusOne + 1>(std::make_integer_sequence<int, V::kPixels>())...};
  }

  // The kernel of `pixels` (1..kPixels) by `vectors` (1..kVectors).
  static void tile(int vectors, int pixels, const TileArgs& args, const float* in, const float* w,
                   float* y) {
    static constexpr auto kTable = kernel_table(std::make_integer_sequence<int, V::kVectors>());
    kTable[vectors - 1][pixels - 1](args, in, w, y);
  }

  // Splits the images into chunks that follow from the shapes only (about 2048 output pixels,
  // at most 2^22 floats of partials), each chunk's sums going to its own zeroed partial dw of
  // dw_floats: image(n, partial, buffer) adds image n's, with a scratch buffer of
  // buffer_floats. Then dw[kh, kw, c, f] is the sum of the partials at index(kh, kw, c, f), in
  // chunk order, so that results do not depend on the thread count.
  template <typename Image, typename Index>
  static void filter_chunks(ExecContext& ctx, const strata_tensor& dw, const ConvShape& s,
                            int64_t dw_floats, int64_t buffer_floats, const Image& image,
                            const Index& index) {
    const int64_t images_per_chunk = std::max<int64_t>(1, 2048 / std::max<int64_t>(s.oh * s.ow, 1));
    const int64_t chunks = std::clamp<int64_t>((s.n + images_per_chunk - 1) / images_per_chunk, 1,
                                               std::max<int64_t>(1, (1 << 22) / dw_floats));
    const int64_t chunk_images = (s.n + chunks - 1) / chunks;
    std::vector<float> partials(static_cast<size_t>(chunks * dw_floats), 0.0f);
    auto task = [&](int64_t chunk, int worker) {
      float* buffer =
          ctx.scratch[worker].get<float>(ScratchSlot::kColumns, static_cast<size_t>(buffer_floats));
      const int64_t end = std::min(s.n, (chunk + 1) * chunk_images);
      for (int64_t n = chunk * chunk_images; n < end; ++n) {
        image(n, partials.data() + chunk * dw_floats, buffer);
      }
    };
    ctx.pool.run(chunks, task);
    float* out = data_ptr<float>(dw);
    parallel_ranges(ctx, s.kh * s.kw * s.c, 1, [&](int64_t begin, int64_t end, int) {
      for (int64_t r = begin; r < end; ++r) {
        const int64_t kh = r / (s.kw * s.c), kw = r / s.c % s.kw, c = r % s.c;
        float* o = out + kh * dw.strides[0] + kw * dw.strides[1] + c * dw.strides[2];
        for (int64_t f = 0; f < s.f; ++f) {
          const float* partial = partials.data() + index(kh, kw, c, f);
          float sum = partial[0];
          for (int64_t k = 1; k < chunks; ++k) sum += partial[k * dw_floats];
          o[f * dw.strides[3]] = sum;
        }
      }
    });
  }

  // Adds to out[f * out_stride + c] (kF output channels by kVectors vectors of input channels,
  // at vector_offsets from a pixel's first float) the sums over args.rows rows of args.pixels
  // output pixels of dy[f] times the input.
  template <int kF, int kVectors>
  static void channel_kernel(const FilterArgs& args, const float* in, const int64_t* vector_offsets,
                             const float* dy, float* out) {
    Vec acc[kF][kVectors];
#pragma GCC unroll 16
    for (int f = 0; f < kF; ++f) {
#pragma GCC unroll 4
      for (int v = 0; v < kVectors; ++v) acc[f][v] = V::zero();
    }
    int64_t offsets[kVectors];
#pragma GCC unroll 4
    for (int v = 0; v < kVectors; ++v) offsets[v] = vector_offsets[v];
    for (int64_t r = 0; r < args.rows; ++r, in += args.in_row_step, dy += args.dy_row_stride) {
      const float* src = in;
      const float* g = dy;
      for (int64_t i = 0; i < args.pixels; ++i, src += kBlock, g += args.dy_pixel_stride) {
        Vec xv[kVectors];
#pragma GCC unroll 4
        for (int v = 0; v < kVectors; ++v) xv[v] = V::load(src + offsets[v]);
#pragma GCC unroll 16
        for (int f = 0; f < kF; ++f) {
          const Vec gv = V::broadcast(g + f);
#pragma GCC unroll 4
          for (int v = 0; v < kVectors; ++v) acc[f][v] = V::fmadd(gv, xv[v], acc[f][v]);
        }
      }
    }
#pragma GCC unroll 16
    for (int f = 0; f < kF; ++f) {
#pragma GCC unroll 4
      for (int v = 0; v < kVectors; ++v) {
        float* o = out + f * args.out_stride + v * kLanes;
        V::store(o, V::add(V::load(o), acc[f][v]), kLanes);
      }
    }
  }

  using ChannelKernel = void (*)(const FilterArgs&, const float*, const int64_t*, const float*,
                                 float*);
  template <int kVectors, int... kMinusOne>
  static constexpr std::array<ChannelKernel, sizeof...(kMinusOne)> channel_kernels(
      std::integer_sequence<int, kMinusOne...>) {
    return {&channel_kernel<kMinusOne + 1, kVectors>...};
  }
  template <int... kMinusOne>
  static constexpr auto channel_kernel_table(std::integer_sequence<int, kMinusOne...>) {
    return std::array{
        channel_kernels<kMinusOne + 1>(std::make_integer_sequence<int, V::kPixels>())...};
  }

  // The channel kernel of `fs` (1..kPixels) output channels by `vectors` (1..kVectors).
  static void channel_tile(int fs, int vectors, const FilterArgs& args, const float* in,
                           const int64_t* vector_offsets, const float* dy, float* out) {
    static constexpr auto kTable =
        channel_kernel_table(std::make_integer_sequence<int, V::kVectors>());
    kTable[vectors - 1][fs - 1](args, in, vector_offsets, dy, out);
  }

  // Adds to out[t * out_stride + f] (kTaps taps by kVectors vectors of output channels) the sums
  // over `pixels` output pixels of the input at offsets[t] times dy.
  template <int kTaps, int kVectors>
  static void filter_kernel(int64_t pixels, const float* in, const int64_t* offsets,
                            const float* dy, int64_t dy_stride, float* out, int64_t out_stride) {
    Vec acc[kTaps][kVectors];
#pragma GCC unroll 16
    for (int t = 0; t < kTaps; ++t) {
#pragma GCC unroll 4
      for (int v = 0; v < kVectors; ++v) acc[t][v] = V::zero();
    }
    for (int64_t i = 0; i < pixels; ++i, in += kBlock, dy += dy_stride) {
      Vec g[kVectors];
#pragma GCC unroll 4
      for (int v = 0; v < kVectors; ++v) g[v] = V::load(dy + v * kLanes);
#pragma GCC unroll 16
      for (int t = 0; t < kTaps; ++t) {
        const Vec xv = V::broadcast(in + offsets[t]);
#pragma GCC unroll 4
        for (int v = 0; v < kVectors; ++v) acc[t][v] = V::fmadd(xv, g[v], acc[t][v]);
      }
    }
#pragma GCC unroll 16
    for (int t = 0; t < kTaps; ++t) {
#pragma GCC unroll 4
      for (int v = 0; v < kVectors; ++v) {
        float* o = out + t * out_stride + v * kLanes;
        V::store(o, V::add(V::load(o), acc[t][v]), kLanes);
      }
    }
  }

  using FilterKernel = void (*)(int64_t, const float*, const int64_t*, const float*, int64_t,
                                float*, int64_t);
  template <int kVectors, int... kMinusOne>
  static constexpr std::array<FilterKernel, sizeof...(kMinusOne)> filter_kernels(
      std::integer_sequence<int, kMinusOne...>) {
    return {&filter_kernel<kMinusOne + 1, kVectors>...};
  }
  template <int... kMinusOne>
  static constexpr auto filter_kernel_table(std::integer_sequence<int, kMinusOne...>) {
    return std::array{
        filter_kernels<kMinusOne + 1>(std::make_integer_sequence<int, V::kFilterTaps>())...};
  }

  // The filter kernel of `taps` (1..kFilterTaps) by `vectors` (1..kVectors).
  static void filter_tile(int vectors, int taps, int64_t pixels, const float* in,
                          const int64_t* offsets, const float* dy, int64_t dy_stride, float* out,
                          int64_t out_stride) {
    static constexpr auto kTable =
        filter_kernel_table(std::make_integer_sequence<int, V::kVectors>());
    kTable[vectors - 1][taps - 1](pixels, in, offsets, dy, dy_stride, out, out_stride);
  }
};

// The instantiation whose channel block suits C: one channel, a few, or blocks of sixteen.
template <typename V>
void forward_blocked(ExecContext& ctx, const strata_tensor& x, const Filter& w,
                     const strata_tensor& y, const ConvShape& s, const strata_conv2d_params& p) {
  if (s.c == 1) return Direct<V, 1>::forward(ctx, x, w, y, s, p);
  if (s.c <= kFewChannels) return Direct<V, kFewChannels>::forward(ctx, x, w, y, s, p);
  Direct<V, kChannelBlock>::forward(ctx, x, w, y, s, p);
}

// Backward filter with the channel block that suits C, as forward_blocked.
template <typename V>
void backward_filter_blocked(ExecContext& ctx, const strata_tensor& x, const strata_tensor& dy,
                             const strata_tensor& dw, const ConvShape& s,
                             const strata_conv2d_params& p) {
  if (s.c == 1) return Direct<V, 1>::backward_filter(ctx, x, dy, dw, s, p);
  if (s.c <= kFewChannels) return Direct<V, kFewChannels>::backward_filter(ctx, x, dy, dw, s, p);
  Direct<V, kChannelBlock>::backward_filter_channels(ctx, x, dy, dw, s, p);
}

}  // namespace
}  // namespace strata_avx::conv_direct
