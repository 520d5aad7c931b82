// strata/keras/model.hpp: Model (functional), Sequential, and training: compile, fit, evaluate,
// predict, summary, save. Keras's names, defaults and printed output.
//
//   Sequential model({Input({784}), Dense(128, "relu"), Dense(10, "softmax")});
//   model.compile(Adam(1e-3), "sparse_categorical_crossentropy", {"accuracy"});
//   History history = model.fit(x, y, {.batch_size = 128, .epochs = 5});
//   auto scores = model.evaluate(x_test, y_test);   // {"loss": ..., "accuracy": ...}
//
// A Model is a Layer (it can be called inside another model) and a handle (copies share it).
#pragma once

#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "strata/keras/callbacks.hpp"
#include "strata/keras/io_error.hpp"
#include "strata/keras/keras_tensor.hpp"
#include "strata/keras/layer.hpp"
#include "strata/keras/losses.hpp"
#include "strata/keras/metrics.hpp"
#include "strata/keras/optimizers.hpp"

namespace strata {

class ModelLayer;  // the implementation (src/keras/model_*.cpp)

struct FitOptions {
  int64_t batch_size = 32;
  int epochs = 1;
  // 0 silent, 1 progress bar (a plain line per epoch when stdout is not a terminal), 2 one line
  // per epoch; -1 ("auto") is 1.
  int verbose = -1;
  std::vector<Callback> callbacks = {};
  // Fraction of the samples, taken from the END before shuffling, held out for validation.
  double validation_split = 0.0;
  // (x_val, y_val); overrides validation_split.
  std::optional<std::pair<std::vector<Tensor>, std::vector<Tensor>>> validation_data =
      std::nullopt;
  bool shuffle = true;
  int initial_epoch = 0;
};

struct EvaluateOptions {
  int64_t batch_size = 32;
  int verbose = -1;
  std::vector<Callback> callbacks = {};
};

struct PredictOptions {
  int64_t batch_size = 32;
  int verbose = 0;
  std::vector<Callback> callbacks = {};
};

// Ordered scalar results, in the order Keras 3 prints them: its logs pass through
// pythonify_logs, which sorts the keys ("accuracy", "loss", "mae"), and fit appends the
// validation results ("val_accuracy", "val_loss") after the training ones.
using Logs = std::vector<std::pair<std::string, double>>;

class Model : public LayerRef {
 public:
  // A functional model from its inputs to its outputs.
  Model(std::vector<KerasTensor> inputs, std::vector<KerasTensor> outputs, std::string name = {});
  Model(const KerasTensor& input, const KerasTensor& output, std::string name = {});

  ModelLayer& impl() const;
  const std::string& name() const;
  std::vector<LayerRef> layers() const;
  LayerRef get_layer(std::string_view name) const;

  // ---- training ------------------------------------------------------------------------
  // `metrics` may be names ("accuracy", "mse", "mae") or Metric objects; "accuracy" resolves to
  // binary, categorical or sparse-categorical accuracy from the loss and shapes, as Keras does.
  void compile(Optimizer optimizer, Loss loss, std::vector<Metric> metrics = {});
  History fit(const Tensor& x, const Tensor& y, const FitOptions& options = {});
  History fit(std::vector<Tensor> x, std::vector<Tensor> y, const FitOptions& options = {});
  Logs evaluate(const Tensor& x, const Tensor& y, const EvaluateOptions& options = {});
  Logs evaluate(std::vector<Tensor> x, std::vector<Tensor> y, const EvaluateOptions& options = {});
  Tensor predict(const Tensor& x, const PredictOptions& options = {});
  std::vector<Tensor> predict(std::vector<Tensor> x, const PredictOptions& options = {});
  // One gradient step on one batch; returns the logs of that batch.
  Logs train_on_batch(const Tensor& x, const Tensor& y);
  // Set by callbacks (EarlyStopping) to end fit after the current epoch.
  void set_stop_training(bool stop);
  bool stop_training() const;
  const Optimizer& optimizer() const;  // after compile

  // ---- inspection and persistence --------------------------------------------------------
  // Keras's table: layer (type), output shape, param #, then total/trainable/non-trainable
  // parameter counts with their sizes ("Total params: 101,770 (397.54 KB)").
  // `line_length` 0 is Keras's choice: 88 characters (108 with a "Connected to" column),
  // narrowed to the terminal's width minus 4 (COLUMNS, else the terminal, else 80 columns).
  void summary(std::ostream& out, int line_length = 0) const;
  void summary() const;  // to stdout
  std::string summary_text(int line_length = 0) const;

  // Whole model: architecture (JSON) + weights (+ optimizer state when include_optimizer), in
  // one file written atomically (docs/file-format.md). Throws IOError when it cannot be
  // written, leaving any previous file as it was.
  void save(const std::string& path, bool include_optimizer = true) const;
  void save_weights(const std::string& path) const;
  // Reads the weights of a save_weights or save file into this (built) model, pairing layers
  // by name when all names match, else by order; every shape is checked before any weight
  // changes. Throws IOError naming the file, and for a mismatch the layer and both shapes.
  void load_weights(const std::string& path);

 protected:
  explicit Model(std::shared_ptr<ModelLayer> impl);
};

// A linear stack of layers. The first may be an Input (or the model builds on first call).
class Sequential : public Model {
 public:
  explicit Sequential(std::string name = {});
  Sequential(std::initializer_list<LayerRef> layers, std::string name = {});
  Sequential(const KerasTensor& input, std::initializer_list<LayerRef> layers,
             std::string name = {});
  void add(const LayerRef& layer);
  void add(const KerasTensor& input);  // model.add(Input({784}))
  void pop();
};

// Loads what Model::save wrote. Throws IOError naming the file and the problem (truncated,
// corrupted, wrong shape: layer name and both shapes).
Model load_model(const std::string& path, bool compile = true);

}  // namespace strata
