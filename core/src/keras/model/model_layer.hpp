// ModelLayer: the layer behind a Model handle. A functional model is a graph of layer calls
// from its Inputs to its outputs (see graph.hpp); it runs the graph on concrete tensors, answers
// for its layers' weights, and keeps what compile() set up for training.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "compile_state.hpp"
#include "graph.hpp"
#include "strata/keras/keras_tensor.hpp"
#include "strata/keras/layer.hpp"

namespace strata {

class ModelLayer : public Layer {
 public:
  // A functional model; ValueError when the graph is not one (see map_graph).
  ModelLayer(std::vector<KerasTensor> inputs, std::vector<KerasTensor> outputs, std::string name);

  std::string_view class_name() const override { return "Functional"; }
  int num_inputs() const override;
  std::vector<Shape> compute_output_shapes(std::span<const Shape> input_shapes) const override;
  std::vector<Tensor> call(std::span<const Tensor> inputs, bool training) override;
  // The layers' weights in layer order, each once.
  std::vector<Variable> weights() const override;
  void set_trainable(bool trainable) override;
  Tensor regularization_loss() const override;

  // ---- the graph ---------------------------------------------------------------------
  // False only for a Sequential that has no Input yet and was never called.
  bool has_graph() const noexcept { return !inputs_.empty(); }
  const std::vector<KerasTensor>& inputs() const noexcept { return inputs_; }
  const std::vector<KerasTensor>& outputs() const noexcept { return outputs_; }
  const detail::GraphTopology& topology() const noexcept { return topology_; }
  // Keras's model.layers: a functional model's include its InputLayers, a Sequential's not.
  virtual std::vector<LayerRef> layers() const;
  // Whether summary() prints three columns: always for a Sequential, and for a functional
  // model that is a plain chain (Keras's sequential_like rule).
  virtual bool sequential_like() const;
  // Makes the graph if there is none yet, for inputs of these shapes (batch axis included) and
  // dtypes; a functional model has one already.
  virtual void build_for(std::span<const Shape> shapes, std::span<const DType> dtypes);

  // ---- training -----------------------------------------------------------------------
  std::optional<detail::CompileState>& compiled() noexcept { return compiled_; }
  bool stop_training = false;

 protected:
  // A model whose graph comes later (Sequential).
  ModelLayer(std::string_view default_prefix, std::string name);
  // Replaces the graph; clears it when `inputs` is empty.
  void set_graph(std::vector<KerasTensor> inputs, std::vector<KerasTensor> outputs);

 private:
  void check_inputs(std::span<const Shape> shapes) const;

  std::vector<KerasTensor> inputs_;
  std::vector<KerasTensor> outputs_;
  detail::GraphTopology topology_;
  std::optional<detail::CompileState> compiled_;
};

}  // namespace strata
