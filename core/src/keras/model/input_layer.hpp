// The layer behind an Input: it holds the input's shape and dtype and passes values through.
#pragma once

#include <boost/json/object.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "strata/dtype.hpp"
#include "strata/keras/layer.hpp"
#include "strata/shape.hpp"

namespace strata::detail {

class InputLayer : public Layer {
 public:
  // `batch_shape` includes the batch axis (-1 while unknown).
  InputLayer(Shape batch_shape, DType dtype, std::string name);

  std::string_view class_name() const override { return "InputLayer"; }
  const Shape& batch_shape() const noexcept { return batch_shape_; }
  DType dtype() const noexcept { return dtype_; }

  std::vector<Shape> compute_output_shapes(std::span<const Shape> input_shapes) const override;
  std::vector<Tensor> call(std::span<const Tensor> inputs, bool training) override;
  // As Keras: {"batch_shape": [null, 784], "dtype": "float32", "sparse": false, "name": ...}.
  boost::json::object get_config() const override;

 private:
  Shape batch_shape_;
  DType dtype_;
};

}  // namespace strata::detail
