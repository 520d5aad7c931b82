// STRATA_OP_CONV2D and its two gradients, all on the packed GEMM, one problem per group:
//   forward          y[pixels, f]      = im2col(x)[pixels, taps] @ w[taps, f]
//   backward filter  dw^T[f, taps]     = dy^T[f, pixels] @ im2col(x)[pixels, taps] (or its
//                    transpose, for few channels; see backward_filter)
//   backward data    cols[pixels, taps] = dy[pixels, f] @ w^T[f, taps], then col2im into dx
// where taps are (kh, kw, c) and pixels (n, oh, ow). im2col is implicit: the GEMM packs its
// blocks straight from the image (conv_pack.cpp). Tensors whose pixel (or tap) axes cannot be
// merged into one stride go through a dense copy. Depthwise convolutions have direct kernels
// instead (conv_depthwise.hpp), and so have the forward and, with stride 1, backward data when
// the channels suit the register tiles, and backward filter with one to four input channels or
// many on moderate images (conv_direct.hpp).
#include <strata/kit/op_checks.hpp>

#include <algorithm>
#include <vector>

#include "conv_depthwise.hpp"
#include "conv_direct.hpp"
#include "conv_geometry.hpp"
#include "gemm.hpp"
#include "op_common.hpp"
#include "strided_loop.hpp"

// Everything below is compiled for AVX2 + FMA (see avx2/target.hpp).
#include "avx2/target.hpp"

namespace strata_avx {
namespace {

using strata::kit::ConvTensors;
using Target = strata::kit::ConvTarget;

// A rank-4 tensor as a matrix: rows are its first three axes merged (pixels, or taps), columns
// its last axis.
struct MatrixView {
  float* data;
  int64_t row_stride, col_stride;
};

// The view, if the first three axes merge into one stride; else a dense copy in `storage`
// (zeros instead when `copy_in` is false: an output that is only written).
MatrixView matrix_view(const strata_tensor& t, std::vector<float>& storage, bool copy_in) {
  const Layout<1> rows = make_layout<1>(3, t.shape, {&t});
  if (rows.rank == 1) {
    return {data_ptr<float>(t), rows.count > 1 ? rows.strides[0][0] : 0, t.strides[3]};
  }
  storage.assign(static_cast<size_t>(element_count(t)), 0.0f);
  if (copy_in) {
    const Layout<1> all = make_layout<1>({&t});
    int64_t i = 0;
    for_each_run(all, 0, all.count, [&](const int64_t* o, int64_t n) {
      for (int64_t j = 0; j < n; ++j)
        storage[i++] = data_ptr<float>(t)[o[0] + j * all.inner_stride(0)];
    });
  }
  return {storage.data(), t.shape[3], 1};
}

// Writes a dense copy back into the (strided) tensor it stands for.
void store_dense(const std::vector<float>& dense, const strata_tensor& t) {
  const Layout<1> all = make_layout<1>({&t});
  int64_t i = 0;
  for_each_run(all, 0, all.count, [&](const int64_t* o, int64_t n) {
    for (int64_t j = 0; j < n; ++j) data_ptr<float>(t)[o[0] + j * all.inner_stride(0)] = dense[i++];
  });
}

std::vector<ImageSource> image_sources(const strata_tensor& x, const ConvShape& s,
                                       const strata_conv2d_params& p) {
  std::vector<ImageSource> sources;
  for (int64_t g = 0; g < p.groups; ++g) {
    sources.push_back({data_ptr<const float>(x), x.strides[0], x.strides[1], x.strides[2],
                       x.strides[3], s, p, g * s.c_per_group});
  }
  return sources;
}

void forward(ExecContext& ctx, const ConvTensors& t, const ConvShape& s,
             const strata_conv2d_params& p) {
  // Many channels: a direct kernel, which spends nothing on packing the image.
  if (conv_direct::applies(ctx.isa, s, p, *t.y)) {
    return conv_direct::forward(ctx, *t.x, *t.w, *t.y, s, p);
  }
  std::vector<float> w_dense, y_dense;
  const MatrixView w = matrix_view(*t.w, w_dense, true);
  const MatrixView y = matrix_view(*t.y, y_dense, false);
  const std::vector<ImageSource> sources = image_sources(*t.x, s, p);
  std::vector<gemm::StridedMatrix> weights;
  std::vector<gemm::Problem> problems;
  weights.reserve(sources.size());
  for (int64_t g = 0; g < p.groups; ++g) {
    // B's rows are the group's output channels, its depth the taps.
    weights.push_back({w.data + g * s.f_per_group * w.col_stride, w.col_stride, w.row_stride});
    problems.push_back({s.n * s.oh * s.ow,
                        s.f_per_group,
                        s.kh * s.kw * s.c_per_group,
                        1.0f,
                        0.0f,
                        {gemm::pack_im2col, &sources[g], nullptr, 0, gemm::kIm2colPackCost},
                        gemm::strided_operand(&weights.back()),
                        {y.data + g * s.f_per_group * y.col_stride, y.row_stride, y.col_stride}});
  }
  gemm::run(ctx, problems.data(), p.groups);
  if (!y_dense.empty()) store_dense(y_dense, *t.y);
}

// Images per partial filter gradient: about this many pixels.
constexpr int64_t kFilterChunkPixels = 2048;
// At most this many floats of partial filter gradients at once.
constexpr int64_t kFilterPartialFloats = int64_t{1} << 22;

// The image is packed in slivers of taps (kh, kw, c) over pixels, one bounds check per run of
// channels of a kernel position. With many channels per group it is the B operand,
//   dw^T[f, taps] = dy^T[f, pixels] @ im2col(x)[pixels, taps],
// packed sixteen taps at a time (dy^T packs by plain vector copies); with few, a run is a tap
// or two and sixteen-wide slivers would be mostly padding, so it is the A operand:
//   dw[taps, f] = im2col(x)^T[taps, pixels] @ dy[pixels, f].
// The pixels are the GEMM's depth and dw is small: splitting dw leaves threads idle and each
// packs all of the other operand again, so a large batch is split instead into chunks of whole
// images, each chunk's product going to its own partial dw; the partials are then added in
// order. The chunks follow from the shapes only, so results do not depend on the thread count.
void backward_filter(ExecContext& ctx, const ConvTensors& t, const ConvShape& s,
                     const strata_conv2d_params& p) {
  if (conv_direct::applies_backward_filter(s, p, *t.y)) {
    return conv_direct::backward_filter(ctx, *t.x, *t.y, *t.w, s, p);
  }
  std::vector<float> dy_dense, dw_dense;
  const MatrixView dy = matrix_view(*t.y, dy_dense, true);
  const MatrixView dw = matrix_view(*t.w, dw_dense, false);
  const bool taps_as_columns = s.c_per_group >= 8;
  const int64_t taps = s.kh * s.kw * s.c_per_group, pixels_per_image = s.oh * s.ow;
  const int64_t dw_floats = taps * s.f;
  const int64_t images_per_chunk =
      std::max<int64_t>(1, kFilterChunkPixels / std::max<int64_t>(pixels_per_image, 1));
  const int64_t chunks = std::clamp<int64_t>(
      (s.n + images_per_chunk - 1) / images_per_chunk, 1,
      std::max<int64_t>(1, kFilterPartialFloats / std::max<int64_t>(dw_floats, 1)));
  const int64_t chunk_images = (s.n + chunks - 1) / chunks;
  // One source, gradient view and problem per (chunk, group): images [first, first + count)
  // into `out`, a matrix laid out as dw.
  std::vector<ImageSource> sources;
  std::vector<gemm::StridedMatrix> grads;
  std::vector<gemm::Problem> problems;
  sources.reserve(static_cast<size_t>(chunks * p.groups));
  grads.reserve(static_cast<size_t>(chunks * p.groups));
  auto add_problem = [&](int64_t first, int64_t count, int64_t g, const MatrixView& out_view) {
    ConvShape chunk_shape = s;
    chunk_shape.n = count;
    sources.push_back({data_ptr<const float>(*t.x) + first * t.x->strides[0], t.x->strides[0],
                       t.x->strides[1], t.x->strides[2], t.x->strides[3], chunk_shape, p,
                       g * s.c_per_group});
    // dy as rows of the group's output channels over the pixels.
    grads.push_back(
        {dy.data + first * pixels_per_image * dy.row_stride + g * s.f_per_group * dy.col_stride,
         dy.col_stride, dy.row_stride});
    const gemm::Operand image{gemm::pack_im2col_transposed, &sources.back(), nullptr, 0,
                              gemm::kIm2colPackCost};
    float* out = out_view.data + g * s.f_per_group * out_view.col_stride;
    const int64_t depth = count * pixels_per_image;
    gemm::Problem problem{s.f_per_group, taps,
                          depth,         1.0f,
                          0.0f,          gemm::strided_operand(&grads.back()),
                          image,         {out, out_view.col_stride, out_view.row_stride}};
    if (taps_as_columns) {
      problem.keep_orientation = true;
    } else {
      problem = {taps,
                 s.f_per_group,
                 depth,
                 1.0f,
                 0.0f,
                 image,
                 gemm::strided_operand(&grads.back()),
                 {out, out_view.row_stride, out_view.col_stride}};
    }
    problems.push_back(problem);
  };
  // Partial gradients as [f][taps] when taps are the GEMM's columns, so that the micro-kernel
  // stores whole rows of C (dw's own layout would make it write through a buffer), else as dw.
  const int64_t tap_step = taps_as_columns ? 1 : s.f, f_step = taps_as_columns ? taps : 1;
  std::vector<float> partials(static_cast<size_t>(chunks * dw_floats));
  for (int64_t c = 0; c < chunks; ++c) {
    const int64_t first = c * chunk_images, count = std::min(chunk_images, s.n - first);
    for (int64_t g = 0; g < p.groups; ++g) {
      add_problem(first, count, g, {partials.data() + c * dw_floats, tap_step, f_step});
    }
  }
  if (chunks == 1) {
    gemm::run(ctx, problems.data(), p.groups);
  } else {
    auto task = [&](int64_t i, int worker) {
      gemm::run_serial(ctx.isa, problems[static_cast<size_t>(i)], ctx.scratch[worker]);
    };
    ctx.pool.run(static_cast<int64_t>(problems.size()), task);
  }
  parallel_ranges(ctx, taps, 1, [&](int64_t begin, int64_t end, int) {
    for (int64_t r = begin; r < end; ++r) {
      for (int64_t f = 0; f < s.f; ++f) {
        const float* partial = partials.data() + r * tap_step + f * f_step;
        float sum = partial[0];
        for (int64_t c = 1; c < chunks; ++c) sum += partial[c * dw_floats];
        dw.data[r * dw.row_stride + f * dw.col_stride] = sum;
      }
    }
  });
  if (!dw_dense.empty()) store_dense(dw_dense, *t.w);
}

// Adds cols[pixel - first, taps] into dx for pixels [first, first + count) of group g.
void col2im(const float* cols, int64_t first, int64_t count, const strata_tensor& dx,
            const ConvShape& s, const strata_conv2d_params& p, int64_t g) {
  const int64_t taps = s.kh * s.kw * s.c_per_group;
  float* base = data_ptr<float>(dx) + g * s.c_per_group * dx.strides[3];
  const int64_t sc = dx.strides[3];
  for (int64_t i = 0; i < count; ++i) {
    const int64_t m = first + i;
    const int64_t ow = m % s.ow, oh = (m / s.ow) % s.oh, n = m / (s.ow * s.oh);
    const float* row = cols + i * taps;
    for (int64_t kh = 0; kh < s.kh; ++kh) {
      const int64_t ih = oh * p.stride_h - p.pad_top + kh * p.dilation_h;
      if (ih < 0 || ih >= s.h) continue;
      for (int64_t kw = 0; kw < s.kw; ++kw) {
        const int64_t iw = ow * p.stride_w - p.pad_left + kw * p.dilation_w;
        if (iw < 0 || iw >= s.w) continue;
        float* out = base + n * dx.strides[0] + ih * dx.strides[1] + iw * dx.strides[2];
        const float* in = row + (kh * s.kw + kw) * s.c_per_group;
        if (sc == 1) {
          for (int64_t c = 0; c < s.c_per_group; ++c) out[c] += in[c];
        } else {
          for (int64_t c = 0; c < s.c_per_group; ++c) out[c * sc] += in[c];
        }
      }
    }
  }
}

void zero(const strata_tensor& t) {
  const Layout<1> all = make_layout<1>({&t});
  for_each_run(all, 0, all.count, [&](const int64_t* o, int64_t n) {
    float* p = data_ptr<float>(t) + o[0];
    for (int64_t j = 0; j < n; ++j) p[j * all.inner_stride(0)] = 0.0f;
  });
}

void backward_data(ExecContext& ctx, const ConvTensors& t, const ConvShape& s,
                   const strata_conv2d_params& p) {
  if (conv_direct::applies_backward_data(ctx.isa, s, p, *t.x)) {
    return conv_direct::backward_data(ctx, *t.y, *t.w, *t.x, s, p);
  }
  zero(*t.x);
  const int64_t taps = s.kh * s.kw * s.c_per_group;
  const int64_t pixels_per_image = s.oh * s.ow;
  if (taps == 0 || s.f_per_group == 0 || pixels_per_image == 0) return;
  std::vector<float> dy_dense, w_dense;
  const MatrixView dy = matrix_view(*t.y, dy_dense, true);
  const MatrixView w = matrix_view(*t.w, w_dense, true);
  // Pixels per GEMM: a column block of about 1 MiB.
  const int64_t chunk = std::clamp<int64_t>((int64_t{1} << 18) / taps, 48, 4096);
  // The GEMM for pixels [first, first + count) of group g, into cols.
  auto problem = [&](int64_t g, int64_t first, int64_t count, float* cols, gemm::StridedMatrix* a,
                     gemm::StridedMatrix* b) {
    *a = {dy.data + first * dy.row_stride + g * s.f_per_group * dy.col_stride, dy.row_stride,
          dy.col_stride};
    *b = {w.data + g * s.f_per_group * w.col_stride, w.row_stride, w.col_stride};
    return gemm::Problem{count,
                         taps,
                         s.f_per_group,
                         1.0f,
                         0.0f,
                         gemm::strided_operand(a),
                         gemm::strided_operand(b),
                         {cols, taps, 1}};
  };
  // Whole images per task, so their dx regions are disjoint; several when they are small, so
  // that each GEMM packs w once for about a chunk of pixels, yet at least one task per thread.
  const int64_t images_per_thread = (s.n + ctx.pool.size() - 1) / ctx.pool.size();
  const int64_t images_per_job =
      std::clamp<int64_t>(chunk / pixels_per_image, 1, std::max<int64_t>(images_per_thread, 1));
  const int64_t image_jobs = (s.n + images_per_job - 1) / images_per_job;
  const int64_t jobs = image_jobs * p.groups;
  if (jobs >= ctx.pool.size()) {
    auto task = [&](int64_t job, int worker) {
      const int64_t first_image = job / p.groups * images_per_job, g = job % p.groups;
      const int64_t end = std::min(first_image + images_per_job, s.n) * pixels_per_image;
      float* cols =
          ctx.scratch[worker].get<float>(ScratchSlot::kColumns, static_cast<size_t>(chunk * taps));
      for (int64_t first = first_image * pixels_per_image; first < end; first += chunk) {
        const int64_t count = std::min(chunk, end - first);
        gemm::StridedMatrix a, b;
        gemm::run_serial(ctx.isa, problem(g, first, count, cols, &a, &b), ctx.scratch[worker]);
        col2im(cols, first, count, *t.x, s, p, g);
      }
    };
    ctx.pool.run(jobs, task);
    return;
  }
  // Few images: each chunk's GEMM uses every thread, col2im follows on this one.
  std::vector<float> cols(static_cast<size_t>(chunk * taps));
  for (int64_t g = 0; g < p.groups; ++g) {
    for (int64_t first = 0; first < s.n * pixels_per_image; first += chunk) {
      const int64_t count = std::min(chunk, s.n * pixels_per_image - first);
      gemm::StridedMatrix a, b;
      const gemm::Problem one = problem(g, first, count, cols.data(), &a, &b);
      gemm::run(ctx, &one, 1);
      col2im(cols.data(), first, count, *t.x, s, p, g);
    }
  }
}

strata_error* run_conv(const strata_op_call& call, Phase phase, std::string_view op, Target target,
                       ExecContext& ctx) {
  if (auto* err = check_call(call, op, 2, 1, phase)) return err;
  ConvTensors t{};
  strata_conv2d_params params{};
  ConvShape shape{};
  if (auto* err = make_error(strata::kit::check_conv2d_call(call, op, target, t, params, shape))) {
    return err;
  }
  if (t.y->dtype != STRATA_F32) return dtype_unsupported(op, *t.y, "f32");
  const strata_tensor* out = call.outputs[0];
  if (phase == Phase::kValidate) return nullptr;
  if (is_empty(*out)) return nullptr;
  if (depthwise::applies(shape, params, *t.x, *t.w, *t.y)) {
    switch (target) {
      case Target::kY:
        depthwise::forward(ctx, *t.x, *t.w, *t.y, shape, params);
        break;
      case Target::kX:
        depthwise::backward_data(ctx, *t.y, *t.w, *t.x, shape, params);
        break;
      case Target::kW:
        depthwise::backward_filter(ctx, *t.x, *t.y, *t.w, shape, params);
        break;
    }
    return nullptr;
  }
  switch (target) {
    case Target::kY:
      forward(ctx, t, shape, params);
      break;
    case Target::kX:
      backward_data(ctx, t, shape, params);
      break;
    case Target::kW:
      backward_filter(ctx, t, shape, params);
      break;
  }
  return nullptr;
}

}  // namespace

strata_error* op_conv2d(const strata_op_call& call, Phase phase, ExecContext& ctx) {
  return run_conv(call, phase, "conv2d", Target::kY, ctx);
}

strata_error* op_conv2d_backward_data(const strata_op_call& call, Phase phase, ExecContext& ctx) {
  return run_conv(call, phase, "conv2d_backward_data", Target::kX, ctx);
}

strata_error* op_conv2d_backward_filter(const strata_op_call& call, Phase phase, ExecContext& ctx) {
  return run_conv(call, phase, "conv2d_backward_filter", Target::kW, ctx);
}

}  // namespace strata_avx
