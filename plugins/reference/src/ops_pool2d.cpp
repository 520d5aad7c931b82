// STRATA_OP_POOL2D and STRATA_OP_POOL2D_BACKWARD, MAX and AVG over NHWC windows. Padding is
// never part of a window's pixels: MAX never selects it, AVG divides by the real pixel count.
// Forward and backward share the window walk and, for MAX, the choice of the winning pixel,
// so the gradient always goes where the forward value came from.
#include <strata/kit/op_checks.hpp>

#include <array>
#include <cmath>
#include <optional>
#include <vector>

#include "op_common.hpp"
#include "spatial_window.hpp"

namespace strata_ref {
namespace {

using strata::kit::PoolShape;

// The x indices of the real pixels in the window of y element `yi`, in row-major window order.
std::vector<std::array<int64_t, 4>> window_pixels(const PoolShape& s, const strata_pool2d_params& p,
                                                  const int64_t* yi) {
  std::vector<std::array<int64_t, 4>> pixels;
  for (int64_t kh = 0; kh < p.window_h; ++kh) {
    const int64_t ih = window_input_coord(yi[1], kh, p.stride_h, p.pad_top, 1);
    if (ih < 0 || ih >= s.h) continue;
    for (int64_t kw = 0; kw < p.window_w; ++kw) {
      const int64_t iw = window_input_coord(yi[2], kw, p.stride_w, p.pad_left, 1);
      if (iw >= 0 && iw < s.w) pixels.push_back({yi[0], ih, iw, yi[3]});
    }
  }
  return pixels;
}

// The first maximum of the window; a NaN counts as the maximum, as in REDUCE's ARGMAX, so it
// propagates. Empty when the window holds no real pixel.
std::optional<std::array<int64_t, 4>> window_argmax(
    const strata_tensor& x, const std::vector<std::array<int64_t, 4>>& pixels) {
  std::optional<std::array<int64_t, 4>> best;
  double best_value = 0;
  for (const auto& px : pixels) {
    const double v = load_f(x, px.data());
    const bool better = !best || v > best_value || (std::isnan(v) && !std::isnan(best_value));
    if (better) {
      best = px;
      best_value = v;
    }
  }
  return best;
}

// A window with no real pixel yields 0 for MAX as well as AVG.
double pool_value(int32_t sub_op, const strata_tensor& x,
                  const std::vector<std::array<int64_t, 4>>& pixels) {
  if (pixels.empty()) return 0;
  if (sub_op == STRATA_POOL_MAX) return load_f(x, window_argmax(x, pixels)->data());
  double sum = 0;
  for (const auto& px : pixels) sum += load_f(x, px.data());
  return sum / static_cast<double>(pixels.size());
}

// dx accumulates in double and is overwritten once, so overlapping windows sum correctly.
void pool_backward(int32_t sub_op, const strata_tensor& dy, const strata_tensor& x,
                   const strata_tensor& dx, const PoolShape& s, const strata_pool2d_params& p) {
  std::vector<double> sums(static_cast<size_t>(element_count(dx)), 0.0);
  for_each_index(dy, [&](const int64_t* yi) {
    const auto pixels = window_pixels(s, p, yi);
    if (pixels.empty()) return;
    const double g = load_f(dy, yi);
    if (sub_op == STRATA_POOL_MAX) {
      sums[dense_offset(dx, window_argmax(x, pixels)->data())] += g;
      return;
    }
    const double share = g / static_cast<double>(pixels.size());
    for (const auto& px : pixels) sums[dense_offset(dx, px.data())] += share;
  });
  for_each_index(dx, [&](const int64_t* i) { store_f(dx, i, sums[dense_offset(dx, i)]); });
}

}  // namespace

strata_error* op_pool2d(const strata_op_call& call, Phase phase) {
  constexpr std::string_view kOp = "pool2d";
  if (auto* err = check_call(call, kOp, 1, 1, phase)) return err;
  strata_pool2d_params p{};
  PoolShape s{};
  if (auto* err = make_error(strata::kit::check_pool2d_call(call, kOp, false, p, s))) return err;
  if (phase == Phase::kValidate) return nullptr;
  const strata_tensor& x = *call.inputs[0];
  const strata_tensor& y = *call.outputs[0];
  for_each_index(y, [&](const int64_t* yi) {
    store_f(y, yi, pool_value(call.sub_op, x, window_pixels(s, p, yi)));
  });
  return nullptr;
}

strata_error* op_pool2d_backward(const strata_op_call& call, Phase phase) {
  constexpr std::string_view kOp = "pool2d_backward";
  if (auto* err = check_call(call, kOp, 2, 1, phase)) return err;
  strata_pool2d_params p{};
  PoolShape s{};
  if (auto* err = make_error(strata::kit::check_pool2d_call(call, kOp, true, p, s))) return err;
  if (phase == Phase::kValidate) return nullptr;
  pool_backward(call.sub_op, *call.inputs[0], *call.inputs[1], *call.outputs[0], s, p);
  return nullptr;
}

}  // namespace strata_ref
