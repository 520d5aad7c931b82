// strata/keras/layer.hpp: the Layer base class and the handles applications hold.
//
// As in Keras, a layer owns weights created on first use (build), computes outputs from inputs
// (call), and is called either eagerly on Tensors or symbolically on the KerasTensors of a
// functional model. Applications hold layers through handles (LayerRef and the per-layer handle
// classes in layers.hpp: `Dense(64, "relu")` is a handle to a new dense layer): copying a
// handle shares the layer, so the same layer object can sit in a model and in user code.
//
// Shapes handed to a layer include the batch axis, which is -1 while unknown (symbolic calls).
#pragma once

#include <boost/json/object.hpp>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "strata/keras/initializers.hpp"
#include "strata/keras/regularizers.hpp"
#include "strata/tensor.hpp"
#include "strata/variable.hpp"

namespace strata {

class Layer;
class KerasTensor;

// Implemented by every layer. Subclasses implement class_name, compute_output_shapes and call,
// and usually build (to create weights with add_weight) and get_config.
class Layer : public std::enable_shared_from_this<Layer> {
 public:
  virtual ~Layer();
  Layer(const Layer&) = delete;
  Layer& operator=(const Layer&) = delete;

  // Unique within the process, as Keras makes them: "dense", "dense_1", ... unless given.
  const std::string& name() const noexcept { return name_; }
  // The Keras class name: "Dense", "Conv2D", ...
  virtual std::string_view class_name() const = 0;

  // The dtype of the layer's weights and computations: the context's floatx when the layer was
  // made. set_dtype changes it before the layer is built (ValueError after; DTypeError for an
  // integer dtype).
  DType dtype() const noexcept { return dtype_; }
  void set_dtype(DType dtype);

  // How many input tensors call() takes: 1, or any number >= 2 for merging layers (-1).
  virtual int num_inputs() const { return 1; }

  // Output shapes for input shapes (batch axis -1 allowed). Throws ShapeError naming the layer
  // and the shapes for inputs it cannot take.
  virtual std::vector<Shape> compute_output_shapes(std::span<const Shape> input_shapes) const = 0;

  // Creates the weights for these input shapes once; later calls check compatibility only.
  void ensure_built(std::span<const Shape> input_shapes);
  bool built() const noexcept { return built_; }

  // The forward computation on concrete tensors (ensure_built has run). `training` selects
  // training behaviour (Dropout drops, BatchNormalization uses batch statistics and updates its
  // moving statistics).
  virtual std::vector<Tensor> call(std::span<const Tensor> inputs, bool training) = 0;

  // Eager call: builds on first use, then call(). One input, one output.
  Tensor operator()(const Tensor& input, bool training = false);
  std::vector<Tensor> operator()(std::span<const Tensor> inputs, bool training = false);

  // Weights in creation order; a model's are its layers' in layer order.
  virtual std::vector<Variable> weights() const;
  std::vector<Variable> trainable_weights() const;
  std::vector<Variable> non_trainable_weights() const;
  int64_t count_params() const;

  bool trainable() const noexcept { return trainable_; }
  virtual void set_trainable(bool trainable);

  // The sum of the regularizers' penalties on this layer's weights (a scalar), or an undefined
  // Tensor when the layer has no regularizer. Recorded for autodiff.
  virtual Tensor regularization_loss() const;

  // Keras's get_config(): {"name": ..., "trainable": ..., "dtype": ..., plus the constructor's
  // arguments}. Together with class_name() it rebuilds the layer (see keras/serialization.hpp).
  virtual boost::json::object get_config() const;

 protected:
  // `default_prefix` names unnamed layers ("dense" -> "dense", "dense_1", ...).
  Layer(std::string_view default_prefix, std::string name);

  // Creates the weights; the default creates none.
  virtual void build(std::span<const Shape> input_shapes);
  // Throws ShapeError naming the layer and both shapes when `input_shapes` cannot be fed to the
  // layer built for `built_shapes` (Keras's InputSpec check). compute_output_shapes has already
  // accepted them; the default accepts everything it accepts.
  virtual void check_input_shapes(std::span<const Shape> built_shapes,
                                  std::span<const Shape> input_shapes) const;
  // Adds a weight of the layer's dtype initialised by `initializer`. The Variable is named
  // "<layer name>/<name>" ("dense/kernel", Keras 3's variable path).
  Variable add_weight(std::string_view name, const Shape& shape, const Initializer& initializer,
                      bool trainable = true, const Regularizer& regularizer = {});

 private:
  void check_input_count(size_t count) const;

  std::string name_;
  DType dtype_;
  bool built_ = false;
  bool trainable_ = true;
  std::vector<Shape> built_shapes_;
  struct OwnedWeight {
    Variable variable;
    Regularizer regularizer;
    bool trainable;  // as created; set_trainable(false) turns the variable off, not this
  };
  std::vector<OwnedWeight> weights_;
};

// A handle to a layer: what applications pass around. Calling it on a KerasTensor builds a
// functional graph; calling it on a Tensor runs it.
class LayerRef {
 public:
  LayerRef() = default;
  explicit LayerRef(std::shared_ptr<Layer> layer) noexcept : layer_(std::move(layer)) {}
  // The InputLayer behind an Input, so a Sequential can start with one, as in Keras:
  // Sequential({Input({784}), Dense(10)}). ValueError for a KerasTensor a layer call made.
  LayerRef(const KerasTensor& input);  // NOLINT(google-explicit-constructor)

  Layer& operator*() const noexcept { return *layer_; }
  Layer* operator->() const noexcept { return layer_.get(); }
  const std::shared_ptr<Layer>& ptr() const noexcept { return layer_; }
  explicit operator bool() const noexcept { return layer_ != nullptr; }

  Tensor operator()(const Tensor& input, bool training = false) const;
  KerasTensor operator()(const KerasTensor& input) const;
  KerasTensor operator()(std::span<const KerasTensor> inputs) const;
  KerasTensor operator()(std::initializer_list<KerasTensor> inputs) const;

  // The layer as its concrete class, or nullptr.
  template <typename L>
  L* as() const noexcept {
    return dynamic_cast<L*>(layer_.get());
  }

 private:
  std::shared_ptr<Layer> layer_;
};

}  // namespace strata
