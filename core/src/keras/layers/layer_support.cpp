#include "layer_support.hpp"

#include <fmt/ranges.h>

#include <vector>

#include "strata/ops.hpp"

namespace strata::layers_detail {

std::string shape_text(const Shape& shape) {
  std::vector<std::string> sizes;
  for (const int64_t size : shape) sizes.push_back(size < 0 ? "None" : std::to_string(size));
  return fmt::format("({}{})", fmt::join(sizes, ","), shape.rank() == 1 ? "," : "");
}

std::string shapes_text(std::span<const Shape> shapes) {
  std::vector<std::string> parts;
  for (const Shape& shape : shapes) parts.push_back(shape_text(shape));
  return fmt::format("[{}]", fmt::join(parts, ", "));
}

std::string layer_label(const Layer& layer) {
  return fmt::format("Layer '{}' ({})", layer.name(), layer.class_name());
}

Shape symbolic_shape(std::initializer_list<int64_t> sizes) {
  Shape shape;
  for (const int64_t size : sizes) push_size(shape, size);
  return shape;
}

void push_size(Shape& shape, int64_t size) {
  shape.push_back(0);
  shape[shape.rank() - 1] = size;
}

Tensor autocast(const Tensor& x, DType dtype) {
  return x.dtype() == dtype ? x : ops::cast(x, dtype);
}

const Shape& single_shape(const Layer& layer, std::span<const Shape> shapes) {
  if (shapes.size() != 1) {
    throw_layer_error<ValueError>(layer, "takes 1 input, got {}: {}", shapes.size(),
                                  shapes_text(shapes));
  }
  return shapes[0];
}

void require_rank(const Layer& layer, const Shape& shape, int rank, std::string_view layout) {
  if (shape.rank() != rank) {
    throw_layer_error<ShapeError>(layer, "expects inputs of rank {} {}, got shape {}", rank, layout,
                                  shape_text(shape));
  }
}

}  // namespace strata::layers_detail
