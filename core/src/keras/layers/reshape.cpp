// Reshape: (batch, ...) -> (batch, *target_shape), one target size may be -1.
#include <fmt/ranges.h>

#include <boost/json/value_from.hpp>

#include <algorithm>

#include "builtin_layers.hpp"
#include "layer_support.hpp"
#include "strata/keras/layers.hpp"

namespace strata {
namespace layers_detail {
namespace {

class ReshapeLayer final : public Layer {
 public:
  ReshapeLayer(std::vector<int64_t> target_shape, std::string name)
      : Layer("reshape", std::move(name)), target_(std::move(target_shape)) {
    const auto unknown = std::count(target_.begin(), target_.end(), int64_t{-1});
    const bool sizes_ok = std::all_of(target_.begin(), target_.end(),
                                      [](int64_t size) { return size >= 0 || size == -1; });
    if (unknown > 1 || !sizes_ok || target_.size() + 1 > size_t(kMaxRank)) {
      throw_layer_error<ValueError>(*this,
                                    "target_shape ({}) needs sizes >= 0, at most one -1 "
                                    "and at most {} axes",
                                    fmt::join(target_, ","), kMaxRank - 1);
    }
  }

  std::string_view class_name() const override { return "Reshape"; }

  std::vector<Shape> compute_output_shapes(std::span<const Shape> input_shapes) const override {
    const Shape& shape = single_shape(*this, input_shapes);
    if (shape.rank() < 1) {
      throw_layer_error<ShapeError>(*this, "expects inputs with a batch axis, got shape {}",
                                    shape_text(shape));
    }
    Shape out;
    push_size(out, shape[0]);
    for (const int64_t size : target_) push_size(out, size);
    int64_t input_size = 1;
    for (int axis = 1; axis < shape.rank(); ++axis) {
      if (shape[axis] < 0) return {out};  // unknown: nothing to check or infer
      input_size *= shape[axis];
    }
    int64_t known = 1;
    int unknown_axis = -1;
    for (int axis = 1; axis < out.rank(); ++axis) {
      if (out[axis] == -1) {
        unknown_axis = axis;
      } else {
        known *= out[axis];
      }
    }
    const bool fits = unknown_axis < 0 ? known == input_size
                                       : (known == 0 ? input_size == 0 : input_size % known == 0);
    if (!fits) {
      throw_layer_error<ShapeError>(*this,
                                    "cannot reshape input of shape {} ({} values per "
                                    "sample) to target_shape ({})",
                                    shape_text(shape), input_size, fmt::join(target_, ","));
    }
    if (unknown_axis >= 0) out[unknown_axis] = known == 0 ? 0 : input_size / known;
    return {out};
  }

  std::vector<Tensor> call(std::span<const Tensor> inputs, bool) override {
    const Tensor x = autocast(inputs[0], dtype());
    Shape out = compute_output_shapes(std::span<const Shape>(&x.shape(), 1))[0];
    out[0] = x.dim(0);
    return {x.reshape(out)};
  }

  boost::json::object get_config() const override {
    boost::json::object config = Layer::get_config();
    config["target_shape"] = boost::json::value_from(target_);
    return config;
  }

 private:
  std::vector<int64_t> target_;
};

}  // namespace

LayerRef reshape_from_config(ConfigReader& config) {
  return Reshape(config.require<std::vector<int64_t>>("target_shape"),
                 config.get("name", std::string()));
}

}  // namespace layers_detail

Reshape::Reshape(std::vector<int64_t> target_shape, std::string name)
    : LayerRef(std::make_shared<layers_detail::ReshapeLayer>(std::move(target_shape),
                                                             std::move(name))) {}

}  // namespace strata
