// STRATA_OP_CONV2D and both gradients on the implicit-im2col GEMM: stride, asymmetric padding,
// dilation, groups (depthwise included), 1x1 kernels, kernels larger than the image, strided
// and guarded views, empty batches, and a size that splits across threads.
#include <gtest/gtest.h>

#include "plugin_pair.hpp"

namespace avx_test {
namespace {

struct Geometry {
  int64_t n, h, w, c, kh, kw, f;
  strata_conv2d_params p;
  const char* name;
};

strata_conv2d_params conv(int sh, int sw, int pt, int pb, int pl, int pr, int dh, int dw, int g) {
  return {sizeof(strata_conv2d_params), sh, sw, pt, pb, pl, pr, dh, dw, g};
}

int64_t out_size(int64_t in, int64_t lo, int64_t hi, int64_t k, int64_t d, int64_t s) {
  const int64_t span = in + lo + hi - d * (k - 1) - 1;
  return (span >= 0 ? span / s : -((-span + s - 1) / s)) + 1;
}

const Geometry kGeometries[] = {
    {2, 9, 8, 6, 3, 3, 8, conv(1, 1, 1, 1, 1, 1, 1, 1, 1), "3x3 same"},
    {2, 10, 11, 5, 3, 2, 7, conv(2, 1, 0, 2, 1, 0, 1, 1, 1), "stride, asymmetric padding"},
    {1, 12, 12, 4, 3, 3, 6, conv(1, 2, 2, 2, 2, 2, 2, 2, 1), "dilation"},
    {2, 7, 7, 8, 3, 3, 6, conv(1, 1, 1, 1, 1, 1, 1, 1, 2), "groups"},
    {2, 8, 9, 6, 3, 3, 6, conv(2, 2, 1, 1, 1, 1, 1, 1, 6), "depthwise"},
    {2, 9, 7, 20, 3, 3, 20, conv(1, 1, 2, 1, 1, 2, 2, 1, 20), "depthwise, dilated, 20 channels"},
    {1, 6, 6, 4, 3, 3, 8, conv(1, 1, 1, 1, 1, 1, 1, 1, 4), "depthwise with multiplier 2"},
    {3, 5, 6, 7, 1, 1, 9, conv(1, 1, 0, 0, 0, 0, 1, 1, 1), "1x1"},
    {1, 3, 3, 2, 5, 5, 3, conv(1, 1, 2, 2, 2, 2, 1, 1, 1), "kernel larger than image"},
    {2, 6, 6, 1, 3, 3, 32, conv(1, 1, 0, 0, 0, 0, 1, 1, 1), "one input channel"},
    {2, 7, 6, 24, 3, 2, 10, conv(1, 2, 1, 0, 0, 1, 1, 1, 2), "many channels per group"},
    {0, 5, 5, 3, 3, 3, 4, conv(1, 1, 1, 1, 1, 1, 1, 1, 1), "empty batch"},
};

// Runs the three ops of `g` against the reference, with dense or guarded (gapped) tensors.
void check_geometry(const Geometry& g, std::mt19937& rng, bool guarded_views) {
  const int64_t oh = out_size(g.h, g.p.pad_top, g.p.pad_bottom, g.kh, g.p.dilation_h, g.p.stride_h);
  const int64_t ow = out_size(g.w, g.p.pad_left, g.p.pad_right, g.kw, g.p.dilation_w, g.p.stride_w);
  const std::vector<int64_t> xs = {g.n, g.h, g.w, g.c}, ws = {g.kh, g.kw, g.c / g.p.groups, g.f},
                             ys = {g.n, oh, ow, g.f};
  auto input = [&](const std::vector<int64_t>& shape) {
    int64_t count = 1;
    for (int64_t s : shape) count *= s;
    const std::vector<float> values = random_floats(rng, count, -1, 1);
    if (!guarded_views) return dense<float>(STRATA_F32, shape, values);
    HostTensor t = guarded(STRATA_F32, shape);
    const std::vector<int64_t> pos = t.positions();
    for (size_t i = 0; i < pos.size(); ++i) std::memcpy(t.bytes.data() + pos[i] * 4, &values[i], 4);
    return t;
  };
  const HostTensor x = input(xs), w = input(ws), dy = input(ys);
  const std::string what = std::string(g.name) + (guarded_views ? " (guarded)" : "");
  compare(STRATA_OP_CONV2D, 0, &g.p, {&x, &w}, {guarded(STRATA_F32, ys)}, kMatmul,
          what + " forward");
  compare(STRATA_OP_CONV2D_BACKWARD_DATA, 0, &g.p, {&dy, &w}, {guarded(STRATA_F32, xs)}, kMatmul,
          what + " backward data");
  compare(STRATA_OP_CONV2D_BACKWARD_FILTER, 0, &g.p, {&x, &dy}, {guarded(STRATA_F32, ws)}, kMatmul,
          what + " backward filter");
}

TEST(AvxConv2d, EveryGeometryDense) {
  std::mt19937 rng(80);
  for (const Geometry& g : kGeometries) check_geometry(g, rng, false);
}

TEST(AvxConv2d, EveryGeometryThroughStridedViews) {
  std::mt19937 rng(81);
  for (const Geometry& g : kGeometries) check_geometry(g, rng, true);
}

// Forward takes a direct kernel when C (unless it is 1 to 4) and F are (nearly) multiples of 16,
// groups == 1 and output rows are at least 7 (AVX-512) or 12 (AVX2) wide (conv_direct.cpp): tiles
// of every width along a row, partial channel vectors, several input channel blocks, blocks of
// one and of four channels, strides (phases of the padded rows), dilation, and rows wholly in
// the padding.
const Geometry kDirectGeometries[] = {
    {2, 9, 17, 16, 3, 3, 40, conv(1, 1, 1, 1, 1, 1, 1, 1, 1), "direct, 3x3 same, 40 filters"},
    {1, 11, 40, 48, 3, 2, 16, conv(2, 3, 0, 2, 1, 0, 1, 1, 1), "direct, stride 2x3"},
    {1, 12, 15, 32, 3, 3, 26, conv(1, 1, 2, 1, 3, 2, 2, 3, 1), "direct, dilation 2x3"},
    {2, 4, 30, 16, 1, 1, 16, conv(1, 1, 0, 0, 0, 0, 1, 1, 1), "direct, 1x1"},
    {1, 3, 15, 16, 2, 3, 16, conv(1, 1, 3, 3, 1, 1, 1, 1, 1), "direct, rows in the padding"},
    {1, 5, 13, 64, 3, 3, 80, conv(1, 2, 1, 1, 1, 1, 1, 1, 1), "direct, 7 columns, 80 filters"},
    {1, 0, 13, 16, 1, 3, 16, conv(1, 1, 1, 1, 1, 1, 1, 1, 1), "direct, image of no rows"},
    {3, 28, 28, 1, 3, 3, 32, conv(1, 1, 1, 1, 1, 1, 1, 1, 1), "direct, one channel, 3x3 same"},
    {1, 13, 29, 3, 5, 5, 16, conv(2, 2, 2, 1, 2, 1, 1, 1, 1), "direct, three channels, stride 2"},
    {1, 9, 26, 2, 3, 3, 31, conv(1, 1, 0, 0, 2, 2, 2, 2, 1), "direct, two channels, dilation 2"},
};

TEST(AvxConv2d, DirectKernelGeometries) {
  std::mt19937 rng(83);
  for (const Geometry& g : kDirectGeometries) {
    check_geometry(g, rng, false);
    check_geometry(g, rng, true);
  }
}

TEST(AvxConv2d, LargeEnoughToSplitAcrossThreads) {
  std::mt19937 rng(82);
  check_geometry({4, 14, 14, 16, 3, 3, 32, conv(1, 1, 1, 1, 1, 1, 1, 1, 1), "large"}, rng, false);
  // One image: backward data runs its GEMMs threaded, col2im on one thread.
  check_geometry({1, 20, 20, 16, 3, 3, 24, conv(1, 1, 1, 1, 1, 1, 1, 1, 1), "one image"}, rng,
                 false);
}

TEST(AvxConv2d, MalformedCallsMatchTheReference) {
  const HostTensor x = dense<float>(STRATA_F32, {1, 4, 4, 3}, std::vector<float>(48, 1));
  const HostTensor w = dense<float>(STRATA_F32, {3, 3, 3, 2}, std::vector<float>(54, 1));
  const strata_conv2d_params ok = conv(1, 1, 0, 0, 0, 0, 1, 1, 1);
  const strata_conv2d_params bad_groups = conv(1, 1, 0, 0, 0, 0, 1, 1, 2);
  const strata_conv2d_params zero_stride = conv(0, 1, 0, 0, 0, 0, 1, 1, 1);
  compare(STRATA_OP_CONV2D, 0, &ok, {&x, &w}, {guarded(STRATA_F32, {1, 3, 3, 2})}, 0, "shape");
  compare(STRATA_OP_CONV2D, 0, &bad_groups, {&x, &w}, {guarded(STRATA_F32, {1, 2, 2, 2})}, 0,
          "groups");
  compare(STRATA_OP_CONV2D, 0, &zero_stride, {&x, &w}, {guarded(STRATA_F32, {1, 2, 2, 2})}, 0,
          "stride");
  compare(STRATA_OP_CONV2D, 0, nullptr, {&x, &w}, {guarded(STRATA_F32, {1, 2, 2, 2})}, 0,
          "no params");
}

}  // namespace
}  // namespace avx_test
