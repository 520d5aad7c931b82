// strata/keras/callbacks.hpp: keras.callbacks. An application writes its own by deriving from
// CallbackImpl and overriding the hooks it needs:
//
//   struct PrintLoss : strata::CallbackImpl {
//     void on_epoch_end(int epoch, const strata::Logs& logs) override { ... }
//   };
//   model.fit(x, y, {.callbacks = {strata::Callback(std::make_shared<PrintLoss>())}});
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace strata {

class Model;
using Logs = std::vector<std::pair<std::string, double>>;

// The value of `key` in `logs`, if present.
std::optional<double> find_log(const Logs& logs, std::string_view key);

class CallbackImpl {
 public:
  virtual ~CallbackImpl() = default;
  // Set by fit/evaluate/predict before the first hook; valid during the call.
  void set_model(Model* model) noexcept { model_ = model; }
  Model* model() const noexcept { return model_; }

  virtual void on_train_begin(const Logs& /*logs*/) {}
  virtual void on_train_end(const Logs& /*logs*/) {}
  virtual void on_epoch_begin(int /*epoch*/, const Logs& /*logs*/) {}
  // `logs` holds the epoch's loss and metrics, and val_* when validating.
  virtual void on_epoch_end(int /*epoch*/, const Logs& /*logs*/) {}
  virtual void on_train_batch_begin(int64_t /*batch*/, const Logs& /*logs*/) {}
  virtual void on_train_batch_end(int64_t /*batch*/, const Logs& /*logs*/) {}
  // Whether on_train_batch_end reads its logs. fit reads the loss and metrics back from the
  // device only when the progress bar redraws or some callback answers true, so a callback
  // that only looks at epoch logs should answer false (Keras skips the batch hooks a callback
  // does not implement, for the same reason). Otherwise it is given empty logs.
  virtual bool uses_batch_logs() const { return true; }
  virtual void on_test_begin(const Logs& /*logs*/) {}
  virtual void on_test_end(const Logs& /*logs*/) {}
  virtual void on_predict_begin(const Logs& /*logs*/) {}
  virtual void on_predict_end(const Logs& /*logs*/) {}

 private:
  Model* model_ = nullptr;
};

// A handle to a callback (copies share it).
class Callback {
 public:
  explicit Callback(std::shared_ptr<CallbackImpl> impl) noexcept : impl_(std::move(impl)) {}
  CallbackImpl* operator->() const noexcept { return impl_.get(); }
  const std::shared_ptr<CallbackImpl>& ptr() const noexcept { return impl_; }

 private:
  std::shared_ptr<CallbackImpl> impl_;
};

// What fit returns: every epoch's logs by key, as Keras's History.history.
class History {
 public:
  std::map<std::string, std::vector<double>> history;
  std::vector<int> epoch;
  // history.at(key), with an Error naming the keys that exist when `key` is missing.
  const std::vector<double>& operator[](const std::string& key) const;
};

struct EarlyStoppingOptions {
  std::string monitor = "val_loss";
  double min_delta = 0.0;
  int patience = 0;
  std::string mode = "auto";  // "min", "max", or "auto" (max for accuracy-like names)
  std::optional<double> baseline = std::nullopt;
  bool restore_best_weights = false;
  int start_from_epoch = 0;
};
Callback EarlyStopping(EarlyStoppingOptions options = {});

struct ModelCheckpointOptions {
  std::string monitor = "val_loss";
  bool save_best_only = false;
  bool save_weights_only = false;
  std::string mode = "auto";
};
// `filepath` may contain {epoch} (1-based, as Keras) and {<log key>} fields, e.g.
// "ckpt-{epoch:02d}-{val_loss:.2f}.strata". Writes are atomic (temporary file + rename).
Callback ModelCheckpoint(std::string filepath, ModelCheckpointOptions options = {});

struct ReduceLROnPlateauOptions {
  std::string monitor = "val_loss";
  double factor = 0.1;
  int patience = 10;
  std::string mode = "auto";
  double min_delta = 1e-4;
  int cooldown = 0;
  double min_lr = 0.0;
  int verbose = 0;
};
Callback ReduceLROnPlateau(ReduceLROnPlateauOptions options = {});

// One row per epoch: "epoch,<keys sorted>" like Keras's CSVLogger.
Callback CSVLogger(std::string filename, char separator = ',', bool append = false);

}  // namespace strata
