// Cases of conv2d and its two gradients, on one list of geometries: stride, asymmetric
// padding, dilation, groups and depthwise, 1x1 and 1-D kernels, an image smaller than its
// kernel, empty batches, non-contiguous and offset tensors, every code path once per op.
#include "cases.hpp"
#include "conv_geometry.hpp"
#include "grad_case.hpp"

namespace strata::conformance {
namespace {

const std::vector<ConvGeometry>& geometries() {
  using L = Layout;
  static const std::vector<ConvGeometry> list = {
      {"3x3", {2, 7, 9, 3}, 3, 3, 4, conv_params(1, 1)},
      {"asymmetric padding", {1, 6, 7, 2}, 3, 3, 3, conv_params(1, 1, {1, 2, 0, 1})},
      {"stride 2x3", {1, 9, 11, 2}, 3, 3, 2, conv_params(2, 3)},
      {"stride 2, size rounded down", {1, 8, 8, 3}, 3, 3, 2, conv_params(2, 2, {1, 1, 1, 1})},
      {"dilation 2x1", {1, 9, 8, 2}, 3, 2, 3, conv_params(1, 1, {0, 0, 0, 0}, 2, 1)},
      {"stride 2, dilation 3", {1, 10, 10, 2}, 2, 2, 2, conv_params(2, 2, {0, 0, 0, 0}, 3, 3)},
      {"groups 2", {1, 6, 6, 4}, 3, 3, 6, conv_params(1, 1, {0, 0, 0, 0}, 1, 1, 2)},
      {"depthwise, multiplier 2", {2, 6, 5, 3}, 3, 3, 6, conv_params(1, 1, {1, 1, 1, 1}, 1, 1, 3)},
      {"1x1 kernel", {2, 5, 7, 4}, 1, 1, 5, conv_params(1, 1)},
      {"conv1d (H = 1)", {3, 1, 11, 2}, 1, 5, 4, conv_params(1, 1, {0, 0, 2, 2})},
      {"image smaller than the kernel", {1, 2, 2, 2}, 3, 3, 2, conv_params(1, 1, {2, 2, 2, 2})},
      {"empty batch", {0, 5, 5, 2}, 3, 3, 2, conv_params(1, 1)},
      {"one channel, one filter", {1, 5, 5, 1}, 2, 2, 1, conv_params(1, 1)},
      {"sliced x, offset y", {1, 5, 6, 3}, 2, 2, 2, conv_params(1, 1), L::kPadded, L::kOffset},
      {"transposed w, padded y",
       {1, 5, 5, 3},
       3,
       3,
       4,
       conv_params(1, 1, {1, 1, 1, 1}),
       L::kDense,
       L::kPadded,
       L::kTransposed},
      {"transposed x, stepped w",
       {2, 4, 6, 3},
       2,
       3,
       2,
       conv_params(1, 2),
       L::kTransposed,
       L::kDense,
       L::kStepped},
      // Enough pixels for the avx backend to split the filter gradient into partial sums.
      {"many images, groups 2", {70, 8, 8, 4}, 3, 3, 4, conv_params(1, 1, {1, 1, 1, 1}, 1, 1, 2)},
      {"many images, 8 channels", {40, 11, 11, 8}, 3, 3, 4, conv_params(1, 1, {1, 1, 1, 1})},
      // Rows and channels for the avx backend's direct kernels (forward, stride-1 backward data).
      {"40 to 32 channels, wide rows", {2, 5, 14, 40}, 3, 3, 32, conv_params(1, 1, {1, 1, 1, 1})},
      {"one channel, wide rows", {2, 4, 13, 1}, 3, 3, 16, conv_params(1, 1, {1, 1, 1, 1})},
      {"three channels, stride 2, dilation 2",
       {2, 9, 15, 3},
       3,
       3,
       16,
       conv_params(2, 2, {1, 2, 2, 1}, 2, 2)},
  };
  return list;
}

const Domain kValues = Domain::uniform(-1, 1);

TensorSpec x_tensor(const ConvGeometry& g, strata_dtype dtype, std::string role, Domain d) {
  return make_tensor(std::move(role), dtype, g.x, std::move(d), g.x_layout);
}

TensorSpec w_tensor(const ConvGeometry& g, strata_dtype dtype, std::string role, Domain d) {
  return make_tensor(std::move(role), dtype, g.w_shape(), std::move(d), g.w_layout);
}

TensorSpec y_tensor(const ConvGeometry& g, strata_dtype dtype, std::string role, Domain d) {
  return make_tensor(std::move(role), dtype, g.y_shape(), std::move(d), g.y_layout);
}

// The op's inputs and output in ABI order:
//   conv2d: x, w -> y;  backward data: dy, w -> dx;  backward filter: x, dy -> dw.
Case conv_case(const OpInfo& op, strata_dtype dtype, const ConvGeometry& g) {
  std::vector<TensorSpec> in;
  TensorSpec out;
  switch (op.op) {
    case STRATA_OP_CONV2D:
      in = {x_tensor(g, dtype, "x", kValues), w_tensor(g, dtype, "w", kValues)};
      out = y_tensor(g, dtype, "y", Domain::none());
      break;
    case STRATA_OP_CONV2D_BACKWARD_DATA:
      in = {y_tensor(g, dtype, "dy", kValues), w_tensor(g, dtype, "w", kValues)};
      out = x_tensor(g, dtype, "dx", Domain::none());
      break;
    default:
      in = {x_tensor(g, dtype, "x", kValues), y_tensor(g, dtype, "dy", kValues)};
      out = w_tensor(g, dtype, "dw", Domain::none());
      break;
  }
  return make_case(op, dtype, g.label, Tolerance::kAccumulating, g.params, std::move(in),
                   {std::move(out)});
}

const std::vector<ConvGeometry>& grad_geometries() {
  static const std::vector<ConvGeometry> list = {
      {"3x3, padded", {2, 5, 6, 3}, 3, 3, 2, conv_params(1, 1, {1, 1, 1, 1})},
      {"stride 2, asymmetric padding", {1, 7, 6, 2}, 3, 2, 3, conv_params(2, 2, {1, 0, 0, 1})},
      {"dilation 2", {1, 7, 7, 2}, 2, 2, 2, conv_params(1, 1, {0, 0, 0, 0}, 2, 2)},
      {"groups 2", {1, 5, 5, 4}, 3, 3, 4, conv_params(1, 1, {0, 0, 0, 0}, 1, 1, 2)},
      {"depthwise", {1, 5, 6, 3}, 3, 3, 3, conv_params(1, 1, {1, 1, 1, 1}, 1, 1, 3)},
  };
  return list;
}

}  // namespace

std::vector<Case> conv_cases(const OpInfo& op, strata_dtype dtype, uint64_t) {
  std::vector<Case> cases;
  for (const ConvGeometry& g : geometries()) cases.push_back(conv_case(op, dtype, g));
  return cases;
}

// A 1x1 kernel over 724 x 724 x 2 (1,048,352 elements): cheap on the reference backend.
Case conv_large_case(const OpInfo& op, strata_dtype dtype, uint64_t) {
  return conv_case(op, dtype, {"large, 1x1 kernel", {1, 724, 724, 2}, 1, 1, 2, conv_params(1, 1)});
}

Case conv_perf_case(const OpInfo& op, strata_dtype dtype, uint64_t) {
  return conv_case(op, dtype,
                   {"3x3, 16 to 16 channels, 4 x 32 x 32",
                    {4, 32, 32, 16},
                    3,
                    3,
                    16,
                    conv_params(1, 1, {1, 1, 1, 1})});
}

// Backward data differentiates conv2d with respect to x (input 0), backward filter with
// respect to w (input 1).
std::vector<GradCase> conv_grad_cases(const OpInfo& backward_op, strata_dtype dtype) {
  const bool data = backward_op.op == STRATA_OP_CONV2D_BACKWARD_DATA;
  using Kind = GradSource::Kind;
  std::vector<GradCase> cases;
  for (const ConvGeometry& g : grad_geometries()) {
    GradCase c;
    c.forward = conv_case(find_op(STRATA_OP_CONV2D), dtype, g);
    c.wrt = data ? 0 : 1;
    c.backward = conv_case(backward_op, dtype, g);
    c.sources = data ? std::vector<GradSource>{{Kind::kDy}, {Kind::kForwardInput, 1}}
                     : std::vector<GradSource>{{Kind::kForwardInput, 0}, {Kind::kDy}};
    cases.push_back(std::move(c));
  }
  return cases;
}

}  // namespace strata::conformance
