// STRATA_OP_CONV2D and its two gradients, all on the packed GEMM, one problem per group:
//   forward          y[pixels, f]      = im2col(x)[pixels, taps] @ w[taps, f]
//   backward filter  dw^T[f, taps]     = dy^T[f, pixels] @ im2col(x)[pixels, taps] (or its
//                    transpose, for few channels; see backward_filter)
//   backward data    cols[pixels, taps] = dy[pixels, f] @ w^T[f, taps], then col2im into dx
// where taps are (kh, kw, c) and pixels (n, oh, ow). im2col is implicit: the GEMM packs its
// blocks straight from the image (conv_pack.cpp). Tensors whose pixel (or tap) axes cannot be
// merged into one stride go through a dense copy. Depthwise convolutions have direct kernels
// instead (conv_depthwise.hpp).
#include <algorithm>
#include <vector>

#include "conv_depthwise.hpp"
#include "conv_geometry.hpp"
#include "gemm.hpp"
#include "op_common.hpp"
#include "strided_loop.hpp"

// Everything below is compiled for AVX2 + FMA (see avx2/target.hpp).
#include "avx2/target.hpp"

namespace strata_avx {
namespace {

// The three roles of a convolution, whichever of them are inputs or the output of an op.
struct ConvTensors {
  const strata_tensor* x;
  const strata_tensor* w;
  const strata_tensor* y;
  const char* x_name;  // "x" or "dx", for messages
  const char* w_name;
  const char* y_name;
};

strata_error* check_params(std::string_view op, const strata_conv2d_params& p) {
  if (p.stride_h < 1 || p.stride_w < 1 || p.dilation_h < 1 || p.dilation_w < 1 || p.groups < 1 ||
      p.pad_top < 0 || p.pad_bottom < 0 || p.pad_left < 0 || p.pad_right < 0) {
    return invalid(
        "{}: stride ({}, {}), dilation ({}, {}), groups {} must be >= 1 and padding "
        "(top {}, bottom {}, left {}, right {}) >= 0",
        op, p.stride_h, p.stride_w, p.dilation_h, p.dilation_w, p.groups, p.pad_top, p.pad_bottom,
        p.pad_left, p.pad_right);
  }
  return nullptr;
}

strata_error* check_dtypes(std::string_view op, const ConvTensors& t) {
  if (!is_float(t.y->dtype)) {
    return unsupported("{}: {} is {}: convolution takes float dtypes only", op, t.y_name,
                       shape_text(*t.y));
  }
  if (t.x->dtype != t.y->dtype || t.w->dtype != t.y->dtype) {
    return invalid("{}: {} is {}, {} is {}, {} is {}: all three need one dtype", op, t.x_name,
                   shape_text(*t.x), t.w_name, shape_text(*t.w), t.y_name, shape_text(*t.y));
  }
  if (t.x->rank != 4 || t.w->rank != 4 || t.y->rank != 4) {
    return invalid("{}: {} is {}, {} is {}, {} is {}: need rank 4 (NHWC, HWIO, NHWC)", op, t.x_name,
                   shape_text(*t.x), t.w_name, shape_text(*t.w), t.y_name, shape_text(*t.y));
  }
  return nullptr;
}

strata_error* check_conv(std::string_view op, const ConvTensors& t, const strata_conv2d_params& p,
                         ConvShape& s) {
  if (auto* err = check_params(op, p)) return err;
  if (auto* err = check_dtypes(op, t)) return err;
  const strata_tensor &x = *t.x, &w = *t.w, &y = *t.y;
  s = {x.shape[0], x.shape[1], x.shape[2], x.shape[3], w.shape[0], w.shape[1],
       w.shape[3], 0,          0,          0,          0};
  if (s.c % p.groups != 0 || s.f % p.groups != 0) {
    return invalid("{}: {} is {}, {} is {}: groups {} must divide C = {} and F = {}", op, t.x_name,
                   shape_text(x), t.w_name, shape_text(w), p.groups, s.c, s.f);
  }
  s.c_per_group = s.c / p.groups;
  s.f_per_group = s.f / p.groups;
  if (w.shape[2] != s.c_per_group) {
    return invalid("{}: {} is {}, {} is {}: the weight's third dimension must be C/groups = {}", op,
                   t.x_name, shape_text(x), t.w_name, shape_text(w), s.c_per_group);
  }
  s.oh = window_output_size(s.h, p.pad_top, p.pad_bottom, s.kh, p.dilation_h, p.stride_h);
  s.ow = window_output_size(s.w, p.pad_left, p.pad_right, s.kw, p.dilation_w, p.stride_w);
  if (s.oh < 0 || s.ow < 0) {
    return invalid(
        "{}: {} is {}, {} is {}: the dilated kernel does not fit the padded image "
        "(output size {}x{})",
        op, t.x_name, shape_text(x), t.w_name, shape_text(w), s.oh, s.ow);
  }
  const int64_t expected[4] = {s.n, s.oh, s.ow, s.f};
  if (!std::equal(expected, expected + 4, y.shape)) {
    return invalid(
        "{}: {} is {}, {} is {}: {} is {} but stride, padding and dilation give "
        "[{},{},{},{}]",
        op, t.x_name, shape_text(x), t.w_name, shape_text(w), t.y_name, shape_text(y), s.n, s.oh,
        s.ow, s.f);
  }
  if (y.dtype != STRATA_F32) return dtype_unsupported(op, y, "f32");
  return nullptr;
}

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

// The image is packed in slivers of taps (kh, kw, c) over pixels, one bounds check per run of
// channels of a kernel position. With many channels per group it is the B operand,
//   dw^T[f, taps] = dy^T[f, pixels] @ im2col(x)[pixels, taps],
// packed sixteen taps at a time (dy^T packs by plain vector copies); with few, a run is a tap
// or two and sixteen-wide slivers would be mostly padding, so it is the A operand:
//   dw[taps, f] = im2col(x)^T[taps, pixels] @ dy[pixels, f].
void backward_filter(ExecContext& ctx, const ConvTensors& t, const ConvShape& s,
                     const strata_conv2d_params& p) {
  std::vector<float> dy_dense, dw_dense;
  const MatrixView dy = matrix_view(*t.y, dy_dense, true);
  const MatrixView dw = matrix_view(*t.w, dw_dense, false);
  const std::vector<ImageSource> sources = image_sources(*t.x, s, p);
  const bool taps_as_columns = s.c_per_group >= 8;
  const int64_t taps = s.kh * s.kw * s.c_per_group, pixels = s.n * s.oh * s.ow;
  std::vector<gemm::StridedMatrix> grads;
  std::vector<gemm::Problem> problems;
  grads.reserve(sources.size());
  for (int64_t g = 0; g < p.groups; ++g) {
    // dy as rows of the group's output channels over the pixels.
    grads.push_back({dy.data + g * s.f_per_group * dy.col_stride, dy.col_stride, dy.row_stride});
    const gemm::Operand image{gemm::pack_im2col_transposed, &sources[g], nullptr, 0,
                              gemm::kIm2colPackCost};
    float* out = dw.data + g * s.f_per_group * dw.col_stride;
    gemm::Problem problem{s.f_per_group, taps,
                          pixels,        1.0f,
                          0.0f,          gemm::strided_operand(&grads.back()),
                          image,         {out, dw.col_stride, dw.row_stride}};
    if (taps_as_columns) {
      problem.keep_orientation = true;
    } else {
      problem = {taps,
                 s.f_per_group,
                 pixels,
                 1.0f,
                 0.0f,
                 image,
                 gemm::strided_operand(&grads.back()),
                 {out, dw.row_stride, dw.col_stride}};
    }
    problems.push_back(problem);
  }
  gemm::run(ctx, problems.data(), p.groups);
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
  const int64_t jobs = s.n * p.groups;
  if (jobs >= ctx.pool.size()) {
    // Whole images per task: their dx regions are disjoint.
    auto task = [&](int64_t job, int worker) {
      const int64_t n = job / p.groups, g = job % p.groups;
      float* cols =
          ctx.scratch[worker].get<float>(ScratchSlot::kColumns, static_cast<size_t>(chunk * taps));
      for (int64_t first = n * pixels_per_image; first < (n + 1) * pixels_per_image;
           first += chunk) {
        const int64_t count = std::min(chunk, (n + 1) * pixels_per_image - first);
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

enum class Target { kY, kX, kW };

strata_error* run_conv(const strata_op_call& call, Phase phase, std::string_view op, Target target,
                       ExecContext& ctx) {
  if (auto* err = check_call(call, op, 2, 1, phase)) return err;
  const strata_tensor* in0 = call.inputs[0];
  const strata_tensor* in1 = call.inputs[1];
  const strata_tensor* out = call.outputs[0];
  ConvTensors t{};
  switch (target) {
    case Target::kY:
      t = {in0, in1, out, "x", "w", "y"};
      break;
    case Target::kX:
      t = {out, in1, in0, "dx", "w", "dy"};
      break;
    case Target::kW:
      t = {in0, out, in1, "x", "dw", "dy"};
      break;
  }
  if (call.params == nullptr) {
    return invalid("{}: params are NULL; convolution needs strata_conv2d_params", op);
  }
  const auto params = read_params<strata_conv2d_params>(call.params);
  ConvShape shape{};
  if (auto* err = check_conv(op, t, params, shape)) return err;
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
