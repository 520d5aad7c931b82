// fit, evaluate, predict and train_on_batch: Keras 3's loops (keras/src/backend/*/trainer.py)
// over batches of in-memory arrays.
#include "trainer.hpp"

#include <fmt/format.h>

#include <iostream>
#include <optional>

#include "callback_list.hpp"
#include "dataset.hpp"
#include "model_layer.hpp"
#include "progress_bar.hpp"
#include "strata/autodiff.hpp"
#include "strata/op_error.hpp"
#include "strata/ops.hpp"
#include "terminal.hpp"
#include "train_step.hpp"

namespace strata::detail {
namespace {

CompileState& compiled_state(ModelLayer& model, const char* where) {
  if (!model.compiled()) {
    throw ValueError(
        fmt::format("{}: model '{}' is not compiled; call "
                    "model.compile(optimizer, loss, metrics) first",
                    where, model.name()));
  }
  return *model.compiled();
}

size_t input_count(const ModelLayer& model) {
  return model.has_graph() ? model.inputs().size() : 1;
}

size_t output_count(const ModelLayer& model) {
  return model.has_graph() ? model.outputs().size() : 1;
}

// Makes a Sequential's graph from the data on first use; checks the shapes otherwise.
void build_from(ModelLayer& model, const Dataset& data) {
  std::vector<Shape> shapes;
  std::vector<DType> dtypes;
  for (const Tensor& x : data.x) {
    shapes.push_back(x.shape());
    dtypes.push_back(x.dtype());
  }
  model.build_for(shapes, dtypes);
}

void check_batch_size(const char* where, int64_t batch_size) {
  if (batch_size < 1) {
    throw ValueError(fmt::format("{}: batch_size must be at least 1, got {}", where, batch_size));
  }
}

// -1 ("auto") is 1, as Keras.
int resolve_verbose(const char* where, int verbose) {
  if (verbose < -1 || verbose > 2) {
    throw ValueError(
        fmt::format("{}: verbose must be 0, 1, 2 or -1 (auto), got {}", where, verbose));
  }
  return verbose == -1 ? 1 : verbose;
}

std::optional<ProgressBar> make_bar(int64_t steps, int verbose) {
  if (verbose == 0) return std::nullopt;
  return std::make_optional<ProgressBar>(std::cout, steps, verbose, stdout_is_terminal());
}

// Runs every batch of `data` through test_step; the bar (if any) shows the running logs.
Logs test_loop(ModelLayer& model, CompileState& state, const Dataset& data, int64_t batch_size,
               int verbose) {
  reset_state(state);
  const Batches batches(data, batch_size);
  std::optional<ProgressBar> bar = make_bar(batches.steps(), verbose);
  for (int64_t step = 0; step < batches.steps(); ++step) {
    test_step(model, state, batches.batch(step));
    if (bar && bar->step_done(step + 1)) bar->draw(step + 1, current_logs(state));
  }
  Logs logs = current_logs(state);
  if (bar) bar->finish(logs);
  return logs;
}

struct FitData {
  Dataset train;
  std::optional<Dataset> validation;
};

FitData fit_data(const ModelLayer& model, std::vector<Tensor> x, std::vector<Tensor> y,
                 const FitOptions& options) {
  Dataset all =
      make_dataset("fit", std::move(x), std::move(y), input_count(model), output_count(model));
  if (options.validation_data) {
    const auto& [vx, vy] = *options.validation_data;
    return {std::move(all),
            make_dataset("fit (validation_data)", vx, vy, input_count(model), output_count(model))};
  }
  if (options.validation_split != 0) {
    auto [train, validation] = split_validation(all, options.validation_split);
    return {std::move(train), std::move(validation)};
  }
  return {std::move(all), std::nullopt};
}

void check_fit_options(const FitOptions& options) {
  check_batch_size("fit", options.batch_size);
  if (options.initial_epoch < 0) {
    throw ValueError(fmt::format("fit: initial_epoch must be >= 0, got {}", options.initial_epoch));
  }
}

Logs prefixed(const Logs& logs, std::string_view prefix) {
  Logs out;
  for (const auto& [key, value] : logs) out.emplace_back(fmt::format("{}{}", prefix, key), value);
  return out;
}

// One epoch of training; stops early when a callback sets stop_training.
Logs train_epoch(ModelLayer& model, CompileState& state, const Dataset& train,
                 const FitOptions& options, const CallbackList& callbacks,
                 std::optional<ProgressBar>& bar) {
  reset_state(state);
  std::vector<int64_t> order;
  if (options.shuffle) {
    order = shuffled_order(train.size, next_shuffle_seed(train.x.front().context()));
  }
  const Batches batches(train, options.batch_size, std::move(order));
  const bool callbacks_read_logs = callbacks.uses_batch_logs();
  for (int64_t step = 0; step < batches.steps(); ++step) {
    callbacks.call(&CallbackImpl::on_train_batch_begin, step, Logs{});
    train_step(model, state, batches.batch(step));
    // The device is read only when something shows or uses the values.
    const bool redraw = bar && bar->step_done(step + 1);
    const Logs logs = redraw || callbacks_read_logs ? current_logs(state) : Logs{};
    if (redraw) bar->draw(step + 1, logs);
    callbacks.call(&CallbackImpl::on_train_batch_end, step, logs);
    if (model.stop_training) break;
  }
  return current_logs(state);
}

}  // namespace

void compile(ModelLayer& model, Optimizer optimizer, Loss loss, std::vector<Metric> metrics) {
  if (!optimizer) throw ValueError("compile: the optimizer handle is empty");
  if (!loss) throw ValueError("compile: the loss handle is empty");
  std::vector<std::string> output_names;
  if (model.has_graph()) {
    for (const KerasTensor& output : model.outputs()) {
      output_names.push_back(output.producer()->layer->name());
    }
  } else {
    output_names.emplace_back();
  }
  CompiledMetrics compiled_metrics(std::move(metrics), loss, std::move(output_names));
  model.compiled().emplace(
      CompileState{std::move(optimizer), std::move(loss), std::move(compiled_metrics), {}});
}

History fit(Model& handle, std::vector<Tensor> x, std::vector<Tensor> y,
            const FitOptions& options) {
  ModelLayer& model = handle.impl();
  CompileState& state = compiled_state(model, "fit");
  check_fit_options(options);
  const int verbose = resolve_verbose("fit", options.verbose);
  const FitData data = fit_data(model, std::move(x), std::move(y), options);
  build_from(model, data.train);

  CallbackList callbacks(options.callbacks, &handle);
  auto history = std::make_shared<HistoryRecorder>();
  callbacks.add(Callback(history), &handle);

  model.stop_training = false;
  const int64_t steps = (data.train.size + options.batch_size - 1) / options.batch_size;
  Logs training_logs;
  callbacks.call(&CallbackImpl::on_train_begin, Logs{});
  for (int epoch = options.initial_epoch; epoch < options.epochs; ++epoch) {
    callbacks.call(&CallbackImpl::on_epoch_begin, epoch, Logs{});
    if (verbose != 0 && options.epochs > 1) {
      std::cout << fmt::format("Epoch {}/{}\n", epoch + 1, options.epochs) << std::flush;
    }
    std::optional<ProgressBar> bar = make_bar(steps, verbose);
    Logs epoch_logs = train_epoch(model, state, data.train, options, callbacks, bar);
    if (data.validation) {
      callbacks.call(&CallbackImpl::on_test_begin, Logs{});
      const Logs val_logs = test_loop(model, state, *data.validation, options.batch_size, 0);
      callbacks.call(&CallbackImpl::on_test_end, val_logs);
      for (auto& entry : prefixed(val_logs, "val_")) epoch_logs.push_back(std::move(entry));
    }
    callbacks.call(&CallbackImpl::on_epoch_end, epoch, epoch_logs);
    if (bar) bar->finish(epoch_logs);
    training_logs = std::move(epoch_logs);
    if (model.stop_training) break;
  }
  callbacks.call(&CallbackImpl::on_train_end, training_logs);
  return history->history();
}

Logs evaluate(Model& handle, std::vector<Tensor> x, std::vector<Tensor> y,
              const EvaluateOptions& options) {
  ModelLayer& model = handle.impl();
  CompileState& state = compiled_state(model, "evaluate");
  check_batch_size("evaluate", options.batch_size);
  const int verbose = resolve_verbose("evaluate", options.verbose);
  const Dataset data =
      make_dataset("evaluate", std::move(x), std::move(y), input_count(model), output_count(model));
  build_from(model, data);
  const CallbackList callbacks(options.callbacks, &handle);
  callbacks.call(&CallbackImpl::on_test_begin, Logs{});
  Logs logs = test_loop(model, state, data, options.batch_size, verbose);
  callbacks.call(&CallbackImpl::on_test_end, logs);
  return logs;
}

std::vector<Tensor> predict(Model& handle, std::vector<Tensor> x, const PredictOptions& options) {
  ModelLayer& model = handle.impl();
  check_batch_size("predict", options.batch_size);
  const int verbose = resolve_verbose("predict", options.verbose);
  const Dataset data = make_dataset("predict", std::move(x), {}, input_count(model), 0);
  build_from(model, data);
  const CallbackList callbacks(options.callbacks, &handle);
  callbacks.call(&CallbackImpl::on_predict_begin, Logs{});
  const Batches batches(data, options.batch_size);
  std::optional<ProgressBar> bar = make_bar(batches.steps(), verbose);
  std::vector<std::vector<Tensor>> parts;
  for (int64_t step = 0; step < batches.steps(); ++step) {
    const NoGradGuard no_grad;
    const std::vector<Tensor> outputs = model.call(batches.batch(step).x, /*training=*/false);
    parts.resize(outputs.size());
    for (size_t k = 0; k < outputs.size(); ++k) parts[k].push_back(outputs[k]);
    if (bar && bar->step_done(step + 1)) bar->draw(step + 1, {});
  }
  if (bar) bar->finish({});
  callbacks.call(&CallbackImpl::on_predict_end, Logs{});
  std::vector<Tensor> results;
  for (const auto& part : parts) {
    results.push_back(part.size() == 1 ? part.front() : ops::concatenate(part, 0));
  }
  return results;
}

Logs train_on_batch(Model& handle, std::vector<Tensor> x, std::vector<Tensor> y) {
  ModelLayer& model = handle.impl();
  CompileState& state = compiled_state(model, "train_on_batch");
  const Dataset batch = make_dataset("train_on_batch", std::move(x), std::move(y),
                                     input_count(model), output_count(model));
  build_from(model, batch);
  reset_state(state);
  train_step(model, state, batch);
  return current_logs(state);
}

}  // namespace strata::detail
