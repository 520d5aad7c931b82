#include "image_layout.hpp"

#include <fmt/format.h>

#include "layer_support.hpp"
#include "strata/context.hpp"
#include "strata/op_error.hpp"

namespace strata::layers_detail {
namespace {

Axes to_last_perm(int rank) {
  Axes perm{0};
  for (int axis = 2; axis < rank; ++axis) perm.push_back(axis);
  perm.push_back(1);
  return perm;
}

Axes to_first_perm(int rank) {
  Axes perm{0, rank - 1};
  for (int axis = 1; axis < rank - 1; ++axis) perm.push_back(axis);
  return perm;
}

Shape permuted(const Shape& shape, const Axes& perm) {
  Shape out;
  for (const int axis : perm) push_size(out, shape[axis]);
  return out;
}

}  // namespace

std::string resolve_data_format(std::string_view data_format, std::string_view layer) {
  if (data_format.empty()) return image_data_format();
  if (data_format != "channels_last" && data_format != "channels_first") {
    throw ValueError(
        fmt::format("{}: data_format \"{}\" is not \"channels_last\" or "
                    "\"channels_first\" (or \"\" for the config's)",
                    layer, data_format));
  }
  return std::string(data_format);
}

Tensor channels_to_last(const Tensor& x) {
  return x.transpose(to_last_perm(x.rank()));
}
Tensor channels_to_first(const Tensor& x) {
  return x.transpose(to_first_perm(x.rank()));
}
Shape channels_to_last(const Shape& shape) {
  return permuted(shape, to_last_perm(shape.rank()));
}
Shape channels_to_first(const Shape& shape) {
  return permuted(shape, to_first_perm(shape.rank()));
}

int64_t window_positions(int64_t size, int64_t total_pad, int64_t window, int64_t stride,
                         int64_t dilation) {
  const int64_t room = size + total_pad - (dilation * (window - 1) + 1);
  return room < 0 ? 0 : room / stride + 1;
}

void check_padding(std::string_view padding, std::string_view layer, bool causal_allowed) {
  if (padding == "valid" || padding == "same" || (causal_allowed && padding == "causal")) return;
  throw ValueError(
      fmt::format("{}: padding \"{}\" is not {}", layer, padding,
                  causal_allowed ? "\"valid\", \"same\" or \"causal\"" : "\"valid\" or \"same\""));
}

}  // namespace strata::layers_detail
