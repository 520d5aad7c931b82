// Small helpers every layer implementation shares: how shapes are written in layer errors, how
// those errors are prefixed, and Keras's input autocast.
#pragma once

#include <fmt/format.h>

#include <initializer_list>
#include <span>
#include <string>
#include <utility>

#include "strata/keras/layer.hpp"
#include "strata/op_error.hpp"

namespace strata::layers_detail {

// "(None,28,28,1)": Shape::to_string's spelling, with Keras's None for an unknown (-1) size.
std::string shape_text(const Shape& shape);
// "[(None,3), (None,4)]".
std::string shapes_text(std::span<const Shape> shapes);

// "Layer 'dense_1' (Dense)", how every layer error begins.
std::string layer_label(const Layer& layer);

// Throws E with "Layer 'dense_1' (Dense): " before the formatted message.
template <typename E, typename... Args>
[[noreturn]] void throw_layer_error(const Layer& layer, fmt::format_string<Args...> format,
                                    Args&&... args) {
  throw E(
      fmt::format("{}: {}", layer_label(layer), fmt::format(format, std::forward<Args>(args)...)));
}

// A shape that may hold -1 (an unknown size), which Shape's checked constructors refuse.
Shape symbolic_shape(std::initializer_list<int64_t> sizes);
// Appends a size that may be -1.
void push_size(Shape& shape, int64_t size);

// Keras casts a layer's inputs to its compute dtype; integer inputs (uint8 images) become floats
// the same way, as Keras's type promotion would make them.
Tensor autocast(const Tensor& x, DType dtype);

// The only shape of a one-input layer, after checking there is one.
const Shape& single_shape(const Layer& layer, std::span<const Shape> shapes);

// Throws ShapeError naming the layer unless `shape` has `rank` axes.
void require_rank(const Layer& layer, const Shape& shape, int rank, std::string_view layout);

}  // namespace strata::layers_detail
