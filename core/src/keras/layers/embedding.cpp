// Embedding: rows of an (input_dim, output_dim) table gathered by integer index.
#include "builtin_layers.hpp"
#include "layer_support.hpp"
#include "strata/keras/layers.hpp"
#include "strata/ops.hpp"

namespace strata {
namespace layers_detail {
namespace {

class EmbeddingLayer final : public Layer {
 public:
  EmbeddingLayer(int64_t input_dim, int64_t output_dim, EmbeddingOptions options)
      : Layer("embedding", options.name),
        input_dim_(input_dim),
        output_dim_(output_dim),
        options_(std::move(options)) {
    if (input_dim <= 0 || output_dim <= 0) {
      throw_layer_error<ValueError>(*this,
                                    "input_dim and output_dim must be positive, got {} "
                                    "and {}",
                                    input_dim, output_dim);
    }
  }

  std::string_view class_name() const override { return "Embedding"; }

  std::vector<Shape> compute_output_shapes(std::span<const Shape> input_shapes) const override {
    Shape shape = single_shape(*this, input_shapes);
    shape.push_back(output_dim_);
    return {shape};
  }

  std::vector<Tensor> call(std::span<const Tensor> inputs, bool) override {
    Tensor indices = inputs[0];
    // Keras casts anything but int32/int64 indices to int32.
    if (indices.dtype() != DType::int32 && indices.dtype() != DType::int64) {
      indices = ops::cast(indices, DType::int32);
    }
    return {ops::take(embeddings_, indices, 0)};
  }

  boost::json::object get_config() const override {
    boost::json::object config = Layer::get_config();
    config["input_dim"] = input_dim_;
    config["output_dim"] = output_dim_;
    config["embeddings_initializer"] = options_.embeddings_initializer.to_json();
    config["embeddings_regularizer"] = options_.embeddings_regularizer.to_json();
    return config;
  }

 protected:
  void build(std::span<const Shape>) override {
    embeddings_ =
        add_weight("embeddings", Shape{input_dim_, output_dim_}, options_.embeddings_initializer,
                   true, options_.embeddings_regularizer);
  }

 private:
  int64_t input_dim_;
  int64_t output_dim_;
  EmbeddingOptions options_;
  Variable embeddings_;
};

}  // namespace

LayerRef embedding_from_config(ConfigReader& config) {
  EmbeddingOptions options;
  options.name = config.get("name", options.name);
  options.embeddings_initializer =
      config.get("embeddings_initializer", options.embeddings_initializer);
  options.embeddings_regularizer =
      config.get("embeddings_regularizer", options.embeddings_regularizer);
  return Embedding(config.require<int64_t>("input_dim"), config.require<int64_t>("output_dim"),
                   std::move(options));
}

}  // namespace layers_detail

Embedding::Embedding(int64_t input_dim, int64_t output_dim, EmbeddingOptions options)
    : LayerRef(std::make_shared<layers_detail::EmbeddingLayer>(input_dim, output_dim,
                                                               std::move(options))) {}

}  // namespace strata
