// The Model and Sequential handles: construction, inspection, and the training entry points.
#include "strata/keras/model.hpp"

#include <fmt/format.h>

#include "model_layer.hpp"
#include "sequential_layer.hpp"
#include "strata/op_error.hpp"
#include "trainer.hpp"

namespace strata {
namespace {

SequentialLayer& sequential(const Model& model) {
  return static_cast<SequentialLayer&>(model.impl());
}

}  // namespace

Model::Model(std::vector<KerasTensor> inputs, std::vector<KerasTensor> outputs, std::string name)
    : LayerRef(
          std::make_shared<ModelLayer>(std::move(inputs), std::move(outputs), std::move(name))) {}

Model::Model(const KerasTensor& input, const KerasTensor& output, std::string name)
    : Model(std::vector<KerasTensor>{input}, std::vector<KerasTensor>{output}, std::move(name)) {}

Model::Model(std::shared_ptr<ModelLayer> impl) : LayerRef(std::move(impl)) {}

ModelLayer& Model::impl() const {
  return static_cast<ModelLayer&>(**this);
}

const std::string& Model::name() const {
  return impl().name();
}

std::vector<LayerRef> Model::layers() const {
  return impl().layers();
}

LayerRef Model::get_layer(std::string_view name) const {
  const std::vector<LayerRef> all = layers();
  for (const LayerRef& layer : all) {
    if (layer->name() == name) return layer;
  }
  std::string names;
  for (const LayerRef& layer : all) {
    names += fmt::format("{}'{}'", names.empty() ? "" : ", ", layer->name());
  }
  throw ValueError(fmt::format("No such layer: '{}' in model '{}'. Existing layers are: [{}].",
                               name, this->name(), names));
}

void Model::compile(Optimizer optimizer, Loss loss, std::vector<Metric> metrics) {
  detail::compile(impl(), std::move(optimizer), std::move(loss), std::move(metrics));
}

History Model::fit(const Tensor& x, const Tensor& y, const FitOptions& options) {
  return fit(std::vector<Tensor>{x}, std::vector<Tensor>{y}, options);
}

History Model::fit(std::vector<Tensor> x, std::vector<Tensor> y, const FitOptions& options) {
  return detail::fit(*this, std::move(x), std::move(y), options);
}

Logs Model::evaluate(const Tensor& x, const Tensor& y, const EvaluateOptions& options) {
  return evaluate(std::vector<Tensor>{x}, std::vector<Tensor>{y}, options);
}

Logs Model::evaluate(std::vector<Tensor> x, std::vector<Tensor> y, const EvaluateOptions& options) {
  return detail::evaluate(*this, std::move(x), std::move(y), options);
}

Tensor Model::predict(const Tensor& x, const PredictOptions& options) {
  std::vector<Tensor> outputs = predict(std::vector<Tensor>{x}, options);
  if (outputs.size() != 1) {
    throw ValueError(
        fmt::format("predict: model '{}' has {} outputs; call predict with a "
                    "vector of inputs to get them all",
                    name(), outputs.size()));
  }
  return outputs.front();
}

std::vector<Tensor> Model::predict(std::vector<Tensor> x, const PredictOptions& options) {
  return detail::predict(*this, std::move(x), options);
}

Logs Model::train_on_batch(const Tensor& x, const Tensor& y) {
  return detail::train_on_batch(*this, {x}, {y});
}

void Model::set_stop_training(bool stop) {
  impl().stop_training = stop;
}

bool Model::stop_training() const {
  return impl().stop_training;
}

const Optimizer& Model::optimizer() const {
  const auto& compiled = impl().compiled();
  if (!compiled) {
    throw ValueError(fmt::format("model '{}' has no optimizer until compile() is called", name()));
  }
  return compiled->optimizer;
}

Sequential::Sequential(std::string name)
    : Model(std::make_shared<SequentialLayer>(std::move(name))) {}

Sequential::Sequential(std::initializer_list<LayerRef> layers, std::string name)
    : Sequential(std::move(name)) {
  for (const LayerRef& layer : layers) add(layer);
}

Sequential::Sequential(const KerasTensor& input, std::initializer_list<LayerRef> layers,
                       std::string name)
    : Sequential(std::move(name)) {
  add(input);
  for (const LayerRef& layer : layers) add(layer);
}

void Sequential::add(const LayerRef& layer) {
  sequential(*this).add(layer);
}

void Sequential::add(const KerasTensor& input) {
  sequential(*this).add(input);
}

void Sequential::pop() {
  sequential(*this).pop();
}

}  // namespace strata
