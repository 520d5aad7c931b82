// SequentialLayer: a model made of a list of single-input, single-output layers. With an Input
// first, its graph is made at once and remade after every add/pop; without one, on the first
// call (or fit), from the data's shape, as Keras's Sequential.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model_layer.hpp"

namespace strata {

class SequentialLayer : public ModelLayer {
 public:
  explicit SequentialLayer(std::string name);

  std::string_view class_name() const override { return "Sequential"; }
  std::vector<Shape> compute_output_shapes(std::span<const Shape> input_shapes) const override;
  std::vector<LayerRef> layers() const override { return layers_; }
  bool sequential_like() const override { return true; }
  void build_for(std::span<const Shape> shapes, std::span<const DType> dtypes) override;

  // An Input's layer is taken as the model's input (only first, only once).
  void add(const LayerRef& layer);
  void add(const KerasTensor& input);
  void pop();

 protected:
  void build(std::span<const Shape> input_shapes) override;

 private:
  // Makes the graph from input_ through layers_ (none without an input or layers).
  void make_graph();
  // make_graph, and marks the model built the first time it has a graph.
  void rebuild();

  std::optional<KerasTensor> input_;
  std::vector<LayerRef> layers_;
  // The data's dtypes while build_for builds (build() only sees shapes).
  std::optional<DType> pending_dtype_;
};

}  // namespace strata
