// STRATA_OP_POOL2D and STRATA_OP_POOL2D_BACKWARD: MAX and AVG over windows with stride,
// padding (windows without a real pixel included), ties and NaN (the first maximum takes the
// gradient), strided channels, and a size that splits across threads.
#include <gtest/gtest.h>

#include "plugin_pair.hpp"

namespace avx_test {
namespace {

strata_pool2d_params pool(int wh, int ww, int sh, int sw, int pt, int pb, int pl, int pr) {
  return {sizeof(strata_pool2d_params), wh, ww, sh, sw, pt, pb, pl, pr};
}

int64_t out_size(int64_t in, int64_t lo, int64_t hi, int64_t k, int64_t s) {
  const int64_t span = in + lo + hi - k;
  return (span >= 0 ? span / s : -((-span + s - 1) / s)) + 1;
}

void check(const std::vector<int64_t>& xs, const strata_pool2d_params& p, const HostTensor& x,
           std::mt19937& rng, const std::string& what) {
  const int64_t oh = out_size(xs[1], p.pad_top, p.pad_bottom, p.window_h, p.stride_h);
  const int64_t ow = out_size(xs[2], p.pad_left, p.pad_right, p.window_w, p.stride_w);
  const std::vector<int64_t> ys = {xs[0], oh, ow, xs[3]};
  const HostTensor dy =
      dense<float>(STRATA_F32, ys, random_floats(rng, xs[0] * oh * ow * xs[3], -1, 1));
  for (int op : {STRATA_POOL_MAX, STRATA_POOL_AVG}) {
    const std::string name = what + (op == STRATA_POOL_MAX ? " max" : " avg");
    compare(STRATA_OP_POOL2D, op, &p, {&x}, {guarded(STRATA_F32, ys)}, kElementwise, name);
    compare(STRATA_OP_POOL2D_BACKWARD, op, &p, {&dy, &x}, {guarded(STRATA_F32, xs)}, kElementwise,
            name + " backward");
  }
}

TEST(AvxPool2d, WindowsStridesAndPadding) {
  std::mt19937 rng(90);
  const strata_pool2d_params params[] = {pool(2, 2, 2, 2, 0, 0, 0, 0), pool(3, 3, 1, 1, 1, 1, 1, 1),
                                         pool(3, 2, 2, 1, 0, 1, 1, 0), pool(2, 2, 3, 3, 0, 0, 0, 0),
                                         pool(2, 2, 1, 1, 3, 0, 2, 0)};  // last: empty windows
  for (int64_t c : {1, 8, 13, 70}) {
    const std::vector<int64_t> xs = {2, 7, 6, c};
    // Few distinct values: ties inside windows.
    std::vector<float> values = random_floats(rng, 2 * 7 * 6 * c, -2, 2);
    for (float& v : values) v = static_cast<float>(static_cast<int>(v * 2)) / 2;
    const HostTensor x = dense<float>(STRATA_F32, xs, values);
    for (const auto& p : params) check(xs, p, x, rng, "channels " + std::to_string(c));
  }
}

TEST(AvxPool2d, NanIsTheMaximum) {
  std::mt19937 rng(91);
  std::vector<float> values = random_floats(rng, 1 * 4 * 4 * 9, -1, 1);
  values[0] = NAN;
  values[9 * 5 + 3] = NAN;
  values[9 * 6 + 3] = NAN;  // two NaN in one window: the first takes the gradient
  const HostTensor x = dense<float>(STRATA_F32, {1, 4, 4, 9}, values);
  check({1, 4, 4, 9}, pool(2, 2, 2, 2, 0, 0, 0, 0), x, rng, "nan");
}

TEST(AvxPool2d, StridedChannelsAndLargeBatch) {
  std::mt19937 rng(92);
  const std::vector<int64_t> xs = {3, 6, 5, 4};
  const HostTensor x =
      view<float>(STRATA_F32, xs, {1, 60, 12, 3}, 0, 360, random_floats(rng, 360, -1, 1));
  check(xs, pool(2, 2, 1, 1, 0, 1, 0, 1), x, rng, "transposed channels");
  const std::vector<int64_t> big = {8, 24, 24, 32};
  const HostTensor y = dense<float>(STRATA_F32, big, random_floats(rng, 8 * 24 * 24 * 32, -1, 1));
  check(big, pool(2, 2, 2, 2, 0, 0, 0, 0), y, rng, "large");
}

TEST(AvxPool2d, MalformedCallsMatchTheReference) {
  const HostTensor x = dense<float>(STRATA_F32, {1, 4, 4, 2}, std::vector<float>(32, 1));
  const strata_pool2d_params p = pool(2, 2, 2, 2, 0, 0, 0, 0);
  compare(STRATA_OP_POOL2D, 0, &p, {&x}, {guarded(STRATA_F32, {1, 3, 3, 2})}, 0, "shape");
  compare(STRATA_OP_POOL2D, 7, &p, {&x}, {guarded(STRATA_F32, {1, 2, 2, 2})}, 0, "sub-code");
  const strata_pool2d_params zero = pool(0, 2, 2, 2, 0, 0, 0, 0);
  compare(STRATA_OP_POOL2D, 0, &zero, {&x}, {guarded(STRATA_F32, {1, 2, 2, 2})}, 0, "window 0");
}

}  // namespace
}  // namespace avx_test
