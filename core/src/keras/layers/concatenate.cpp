// Concatenate: joins its inputs along `axis`; every other size must agree.
#include "builtin_layers.hpp"
#include "layer_support.hpp"
#include "strata/keras/layers.hpp"
#include "strata/ops.hpp"

namespace strata {
namespace layers_detail {
namespace {

class ConcatenateLayer final : public Layer {
 public:
  ConcatenateLayer(int axis, std::string name)
      : Layer("concatenate", std::move(name)), axis_(axis) {}

  std::string_view class_name() const override { return "Concatenate"; }
  int num_inputs() const override { return -1; }

  std::vector<Shape> compute_output_shapes(std::span<const Shape> input_shapes) const override {
    const int rank = input_shapes[0].rank();
    const int axis = axis_ < 0 ? axis_ + rank : axis_;
    bool ok = axis >= 0 && axis < rank;
    Shape out = input_shapes[0];
    for (const Shape& shape : input_shapes.subspan(1)) {
      if (!ok || shape.rank() != rank) {
        ok = false;
        break;
      }
      for (int i = 0; i < rank; ++i) {
        if (i == axis) {
          out[i] = out[i] < 0 || shape[i] < 0 ? -1 : out[i] + shape[i];
        } else if (out[i] >= 0 && shape[i] >= 0 && out[i] != shape[i]) {
          ok = false;
        } else if (out[i] < 0) {
          out[i] = shape[i];
        }
      }
    }
    if (!ok) {
      throw_layer_error<ShapeError>(*this,
                                    "needs inputs of one rank whose sizes match except on "
                                    "the concatenation axis {}; got shapes {}",
                                    axis_, shapes_text(input_shapes));
    }
    return {out};
  }

  std::vector<Tensor> call(std::span<const Tensor> inputs, bool) override {
    std::vector<Tensor> cast;
    for (const Tensor& input : inputs) cast.push_back(autocast(input, dtype()));
    return {ops::concatenate(cast, axis_)};
  }

  boost::json::object get_config() const override {
    boost::json::object config = Layer::get_config();
    config["axis"] = axis_;
    return config;
  }

 private:
  int axis_;
};

}  // namespace

LayerRef concatenate_from_config(ConfigReader& config) {
  return Concatenate(config.get("axis", -1), config.get("name", std::string()));
}

}  // namespace layers_detail

Concatenate::Concatenate(int axis, std::string name)
    : LayerRef(std::make_shared<layers_detail::ConcatenateLayer>(axis, std::move(name))) {}

}  // namespace strata
