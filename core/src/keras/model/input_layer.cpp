// InputLayer: the identity, with the shape and dtype the model expects.
#include "input_layer.hpp"

#include <boost/json/array.hpp>

namespace strata::detail {

InputLayer::InputLayer(Shape batch_shape, DType dtype, std::string name)
    : Layer("input_layer", std::move(name)), batch_shape_(batch_shape), dtype_(dtype) {}

std::vector<Shape> InputLayer::compute_output_shapes(std::span<const Shape> input_shapes) const {
  return {input_shapes.begin(), input_shapes.end()};
}

std::vector<Tensor> InputLayer::call(std::span<const Tensor> inputs, bool /*training*/) {
  return {inputs.begin(), inputs.end()};
}

boost::json::object InputLayer::get_config() const {
  boost::json::array shape;
  for (int64_t size : batch_shape_) {
    if (size < 0) {
      shape.emplace_back(nullptr);
    } else {
      shape.emplace_back(size);
    }
  }
  return {{"batch_shape", std::move(shape)},
          {"dtype", dtype_name(dtype_)},
          {"sparse", false},
          {"name", name()}};
}

}  // namespace strata::detail
