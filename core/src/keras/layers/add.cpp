// Add: the elementwise sum of its inputs, which broadcast as Keras's merge layers allow (equal
// sizes, or 1, or unknown).
#include "builtin_layers.hpp"
#include "layer_support.hpp"
#include "strata/keras/layers.hpp"
#include "strata/ops.hpp"

namespace strata {
namespace layers_detail {
namespace {

class AddLayer final : public Layer {
 public:
  explicit AddLayer(std::string name) : Layer("add", std::move(name)) {}

  std::string_view class_name() const override { return "Add"; }
  int num_inputs() const override { return -1; }

  std::vector<Shape> compute_output_shapes(std::span<const Shape> input_shapes) const override {
    Shape out = input_shapes[0];
    for (const Shape& shape : input_shapes.subspan(1)) out = merge(out, shape, input_shapes);
    return {out};
  }

  std::vector<Tensor> call(std::span<const Tensor> inputs, bool) override {
    Tensor sum = autocast(inputs[0], dtype());
    for (const Tensor& input : inputs.subspan(1)) sum = sum + autocast(input, dtype());
    return {sum};
  }

 private:
  // Keras's _compute_elemwise_op_output_shape for one pair, aligned at the last axis.
  Shape merge(const Shape& a, const Shape& b, std::span<const Shape> all) const {
    const Shape& longer = a.rank() >= b.rank() ? a : b;
    const Shape& shorter = a.rank() >= b.rank() ? b : a;
    Shape out = longer;
    const int offset = longer.rank() - shorter.rank();
    for (int axis = 0; axis < shorter.rank(); ++axis) {
      const int64_t x = longer[axis + offset], y = shorter[axis];
      if (x < 0 || y < 0) {
        out[axis + offset] = x == 1 ? y : (y == 1 ? x : (x < 0 ? y : x));
      } else if (x == 1 || y == 1) {
        out[axis + offset] = x == 1 ? y : x;
      } else if (x != y) {
        throw_layer_error<ShapeError>(*this, "inputs have incompatible shapes {}",
                                      shapes_text(all));
      }
    }
    return out;
  }
};

}  // namespace

LayerRef add_from_config(ConfigReader& config) {
  return Add(config.get("name", std::string()));
}

}  // namespace layers_detail

Add::Add(std::string name) : LayerRef(std::make_shared<layers_detail::AddLayer>(std::move(name))) {}

}  // namespace strata
