// MATMUL, CONV2D (all three directions) and POOL2D (both) on Vulkan against the reference:
// odd sizes around the 64-wide tiles, transposes and broadcast batches as strides, alpha and
// beta, stride/padding/dilation/groups, and one larger case of each.
#include <boost/json/parse.hpp>
#include <cmath>
#include <limits>

#include "vulkan_harness.hpp"

namespace strata_vk_test {
namespace {

constexpr strata_dtype kFloatDtypes[] = {STRATA_F32, STRATA_F16, STRATA_BF16};

// On `backend` when given, else on the default Vulkan instance.
void check_matmul(strata_dtype dtype, const View& a, const View& b, const View& c, double alpha,
                  double beta, std::mt19937& rng, strata::Backend* backend = nullptr) {
  const strata_matmul_params params{sizeof params, alpha, beta};
  OpRun run(STRATA_OP_MATMUL, 0, &params);
  if (backend != nullptr) run.on(*backend);
  run.in(a, random_bytes(dtype, a.buffer_elements, -1, 1, rng))
      .in(b, random_bytes(dtype, b.buffer_elements, -1, 1, rng))
      .out(c, random_bytes(dtype, c.buffer_elements, -1, 1, rng))
      .check(Match::kLinear);
}

TEST(VulkanMatmul, OddShapesTransposesAndBatchBroadcast) {
  SKIP_WITHOUT_VULKAN();
  std::mt19937 rng(30);
  for (strata_dtype dtype : kFloatDtypes) {
    SCOPED_TRACE(testing::Message() << "dtype " << dtype);
    check_matmul(dtype, dense(dtype, {1, 1}), dense(dtype, {1, 1}), gapped(dtype, {1, 1}), 1, 0,
                 rng);
    check_matmul(dtype, dense(dtype, {65, 17}), dense(dtype, {17, 33}), gapped(dtype, {65, 33}),
                 0.5, 0, rng);
    // a transposed (column-major storage), b row-major, c accumulated with beta.
    check_matmul(dtype, permuted(dtype, {70, 19}, {1, 0}), dense(dtype, {19, 9}),
                 gapped(dtype, {70, 9}), 1, 1.5, rng);
    // A batch of 3 where b does not vary along the batch (stride 0).
    check_matmul(dtype, dense(dtype, {3, 5, 7}), broadcast(dtype, {3, 7, 4}, {0}),
                 gapped(dtype, {3, 5, 4}), -1, 0.25, rng);
    // Two batch axes, b transposed within each matrix.
    check_matmul(dtype, dense(dtype, {2, 2, 6, 8}), permuted(dtype, {2, 2, 8, 3}, {0, 1, 3, 2}),
                 dense(dtype, {2, 2, 6, 3}), 1, 0, rng);
  }
}

TEST(VulkanMatmul, LargerSquareAndEmptyInner) {
  SKIP_WITHOUT_VULKAN();
  std::mt19937 rng(31);
  check_matmul(STRATA_F32, dense(STRATA_F32, {200, 150}), dense(STRATA_F32, {150, 130}),
               dense(STRATA_F32, {200, 130}), 1, 0, rng);
  // A long inner dimension: many K slices per tile.
  check_matmul(STRATA_F32, dense(STRATA_F32, {2, 20000}), dense(STRATA_F32, {20000, 3}),
               dense(STRATA_F32, {2, 3}), 1, 0, rng);
  // K = 0: c = beta c.
  check_matmul(STRATA_F32, dense(STRATA_F32, {4, 0}), dense(STRATA_F32, {0, 3}),
               dense(STRATA_F32, {4, 3}), 1, 2, rng);
}

// f16 runs on the matrix units where the device has them (128x128 tiles, K in slices of 32)
// and on the plain shader with "cooperative_matrix": false; both must match the reference
// around the tile and slice edges. On a device without matrix units both runs take the plain
// path (lavapipe in the test run; the matrix-unit path was checked on an NVIDIA H200).
TEST(VulkanMatmul, F16WithAndWithoutMatrixUnits) {
  SKIP_WITHOUT_VULKAN();
  std::mt19937 rng(33);
  strata::Backend plain =
      make_vulkan(boost::json::parse(R"({"cooperative_matrix": false})").as_object());
  for (strata::Backend* backend : {static_cast<strata::Backend*>(nullptr), &plain}) {
    SCOPED_TRACE(backend == nullptr ? "default" : "cooperative_matrix false");
    const strata_dtype h = STRATA_F16;
    check_matmul(h, dense(h, {129, 33}), dense(h, {33, 257}), gapped(h, {129, 257}), 1, 0, rng,
                 backend);
    check_matmul(h, permuted(h, {130, 70}, {1, 0}), dense(h, {70, 20}), gapped(h, {130, 20}), 0.5,
                 -1, rng, backend);
    check_matmul(h, dense(h, {2, 40, 64}), permuted(h, {2, 64, 130}, {0, 2, 1}),
                 dense(h, {2, 40, 130}), 1, 0, rng, backend);
    // Rows contiguous and 16-byte aligned in both operands: read 8 halves at a time.
    check_matmul(h, dense(h, {200, 96}), dense(h, {96, 136}), dense(h, {200, 136}), 1, 0, rng,
                 backend);
    check_matmul(h, dense(h, {3, 40, 48}), dense(h, {3, 48, 24}), gapped(h, {3, 40, 24}), 2, 0.5,
                 rng, backend);
  }
}

TEST(VulkanMatmul, BetaZeroIgnoresNaNInC) {
  SKIP_WITHOUT_VULKAN();
  std::mt19937 rng(32);
  const strata_matmul_params params{sizeof params, 1, 0};
  const View c = dense(STRATA_F32, {4, 4});
  OpRun(STRATA_OP_MATMUL, 0, &params)
      .in(dense(STRATA_F32, {4, 3}), random_bytes(STRATA_F32, 12, -1, 1, rng))
      .in(dense(STRATA_F32, {3, 4}), random_bytes(STRATA_F32, 12, -1, 1, rng))
      .out(c, encode(STRATA_F32, std::vector<double>(16, std::numeric_limits<double>::quiet_NaN())))
      .check(Match::kLinear);
}

struct ConvCase {
  std::vector<int64_t> x, w;
  strata_conv2d_params p;
};

std::vector<int64_t> conv_output(const ConvCase& c) {
  const auto& p = c.p;
  const int64_t oh =
      (c.x[1] + p.pad_top + p.pad_bottom - p.dilation_h * (c.w[0] - 1) - 1) / p.stride_h + 1;
  const int64_t ow =
      (c.x[2] + p.pad_left + p.pad_right - p.dilation_w * (c.w[1] - 1) - 1) / p.stride_w + 1;
  return {c.x[0], oh, ow, c.w[3]};
}

std::vector<ConvCase> conv_cases() {
  const size_t s = sizeof(strata_conv2d_params);
  return {
      {{2, 7, 6, 3}, {3, 3, 3, 4}, {s, 1, 1, 1, 1, 1, 1, 1, 1, 1}},  // same padding
      {{1, 9, 8, 4},
       {3, 2, 2, 6},
       {s, 2, 3, 0, 1, 2, 0, 1, 2, 2}},  // strides, asymmetric pad, groups
      {{2, 8, 8, 4}, {3, 3, 1, 4}, {s, 1, 2, 2, 2, 1, 1, 2, 1, 4}},  // depthwise, dilation
      {{1, 5, 5, 2}, {1, 1, 2, 3}, {s, 1, 1, 0, 0, 0, 0, 1, 1, 1}},  // pointwise
      // >= 4096 weights over few positions: the filter gradient gives each weight an
      // invocation instead of a workgroup, on any device (strides, padding, dilation and
      // groups again).
      {{2, 9, 8, 32}, {3, 3, 16, 64}, {s, 2, 2, 1, 0, 1, 1, 1, 2, 2}},
  };
}

TEST(VulkanConv2d, ForwardAndBothGradientsOverParameterCases) {
  SKIP_WITHOUT_VULKAN();
  std::mt19937 rng(33);
  for (strata_dtype dtype : kFloatDtypes) {
    for (const ConvCase& c : conv_cases()) {
      SCOPED_TRACE(testing::Message()
                   << "dtype " << dtype << " x [" << c.x[0] << "," << c.x[1] << "," << c.x[2] << ","
                   << c.x[3] << "] groups " << c.p.groups);
      const std::vector<int64_t> y = conv_output(c);
      const View xv = gapped(dtype, c.x), wv = permuted(dtype, c.w, {1, 0, 2, 3});
      const View yv = dense(dtype, y);
      const Bytes x = random_bytes(dtype, xv.buffer_elements, -1, 1, rng);
      const Bytes w = random_bytes(dtype, wv.buffer_elements, -1, 1, rng);
      const Bytes dy = random_bytes(dtype, yv.buffer_elements, -1, 1, rng);
      OpRun(STRATA_OP_CONV2D, 0, &c.p)
          .in(xv, x)
          .in(wv, w)
          .out(gapped(dtype, y))
          .check(Match::kLinear);
      OpRun(STRATA_OP_CONV2D_BACKWARD_DATA, 0, &c.p)
          .in(yv, dy)
          .in(wv, w)
          .out(gapped(dtype, c.x))
          .check(Match::kLinear);
      OpRun(STRATA_OP_CONV2D_BACKWARD_FILTER, 0, &c.p)
          .in(xv, x)
          .in(yv, dy)
          .out(gapped(dtype, c.w))
          .check(Match::kLinear);
    }
  }
}

TEST(VulkanConv2d, ALargerImage) {
  SKIP_WITHOUT_VULKAN();
  std::mt19937 rng(34);
  const strata_conv2d_params same{sizeof(strata_conv2d_params), 1, 1, 1, 1, 1, 1, 1, 1, 1};
  const ConvCase c{{4, 28, 28, 8}, {3, 3, 8, 16}, same};
  const View xv = dense(STRATA_F32, c.x), wv = dense(STRATA_F32, c.w);
  OpRun(STRATA_OP_CONV2D, 0, &c.p)
      .in(xv, random_bytes(STRATA_F32, xv.buffer_elements, -1, 1, rng))
      .in(wv, random_bytes(STRATA_F32, wv.buffer_elements, -1, 1, rng))
      .out(dense(STRATA_F32, conv_output(c)))
      .check(Match::kLinear);
  // The filter gradient of a 1x1 kernel sums over 300 x 300 positions per element.
  const strata_conv2d_params pointwise{sizeof(strata_conv2d_params), 1, 1, 0, 0, 0, 0, 1, 1, 1};
  const View image = dense(STRATA_F32, {1, 300, 300, 2});
  OpRun(STRATA_OP_CONV2D_BACKWARD_FILTER, 0, &pointwise)
      .in(image, random_bytes(STRATA_F32, image.buffer_elements, -1, 1, rng))
      .in(image, random_bytes(STRATA_F32, image.buffer_elements, -1, 1, rng))
      .out(dense(STRATA_F32, {1, 1, 2, 2}))
      .check(Match::kLinear);
}

TEST(VulkanPool2d, MaxAndAverageForwardAndBackward) {
  SKIP_WITHOUT_VULKAN();
  std::mt19937 rng(35);
  const size_t s = sizeof(strata_pool2d_params);
  const strata_pool2d_params cases[] = {
      {s, 2, 2, 2, 2, 0, 0, 0, 0},  // the classic 2x2/2
      {s, 3, 3, 2, 2, 1, 1, 1, 1},  // overlapping windows with padding
      {s, 3, 2, 1, 2, 2, 0, 3, 1},  // a column of windows wholly in padding
  };
  for (strata_dtype dtype : kFloatDtypes) {
    for (const strata_pool2d_params& p : cases) {
      for (int sub : {STRATA_POOL_MAX, STRATA_POOL_AVG}) {
        SCOPED_TRACE(testing::Message() << "dtype " << dtype << " pool " << sub << " window "
                                        << p.window_h << "x" << p.window_w);
        const std::vector<int64_t> x = {2, 7, 6, 3};
        const int64_t oh = (x[1] + p.pad_top + p.pad_bottom - p.window_h) / p.stride_h + 1;
        const int64_t ow = (x[2] + p.pad_left + p.pad_right - p.window_w) / p.stride_w + 1;
        const std::vector<int64_t> y = {2, oh, ow, 3};
        const View xv = permuted(dtype, x, {0, 2, 1, 3});
        // Few distinct values: ties decide which pixel gets a max-pool gradient.
        const Bytes xb = random_integers(dtype, xv.buffer_elements, -3, 3, rng);
        OpRun(STRATA_OP_POOL2D, sub, &p)
            .in(xv, xb)
            .out(gapped(dtype, y))
            .check(Match::kElementwise);
        const View dyv = dense(dtype, y);
        OpRun(STRATA_OP_POOL2D_BACKWARD, sub, &p)
            .in(dyv, random_bytes(dtype, dyv.buffer_elements, -1, 1, rng))
            .in(xv, xb)
            .out(gapped(dtype, x))
            .check(Match::kElementwise);
      }
    }
  }
}

}  // namespace
}  // namespace strata_vk_test
