// strata/keras/keras_tensor.hpp: symbolic tensors of the functional API (Keras's KerasTensor).
//
//   auto inputs = Input({28, 28, 1});
//   auto x = Conv2D(32, {3, 3}, {.activation = "relu"})(inputs);
//   auto outputs = Dense(10, "softmax")(Flatten()(x));
//   Model model(inputs, outputs);
//
// A KerasTensor has a shape (batch axis -1), a dtype and the layer call that produced it;
// nothing is computed until the Model runs.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "strata/dtype.hpp"
#include "strata/shape.hpp"

namespace strata {

namespace detail {
struct GraphNode;  // one layer call in a functional graph
}

class KerasTensor {
 public:
  KerasTensor() = default;
  KerasTensor(Shape shape, DType dtype, std::shared_ptr<detail::GraphNode> producer, int index);

  const Shape& shape() const noexcept { return shape_; }
  DType dtype() const noexcept { return dtype_; }
  // The call that made it (an InputLayer's node for inputs) and which of its outputs it is.
  const std::shared_ptr<detail::GraphNode>& producer() const noexcept { return producer_; }
  int index() const noexcept { return index_; }

 private:
  Shape shape_;
  DType dtype_ = DType::float32;
  std::shared_ptr<detail::GraphNode> producer_;
  int index_ = 0;
};

// A model input; `shape` excludes the batch axis. dtype defaults to the config's floatx.
KerasTensor Input(const Shape& shape, std::optional<DType> dtype = std::nullopt,
                  std::string name = {});

}  // namespace strata
