// The callbacks of one fit/evaluate/predict call, in Keras's order: the caller's, then the
// History recorder (fit only). The progress bar is drawn by the loops themselves, last.
#pragma once

#include <memory>
#include <vector>

#include "strata/keras/callbacks.hpp"

namespace strata::detail {

// Keras's History callback: every epoch's logs by key, and the epoch numbers.
class HistoryRecorder : public CallbackImpl {
 public:
  void on_train_begin(const Logs& logs) override;
  void on_epoch_end(int epoch, const Logs& logs) override;
  bool uses_batch_logs() const override { return false; }
  const History& history() const noexcept { return history_; }

 private:
  History history_;
};

class CallbackList {
 public:
  // Gives each callback `model` (the handle fit was called on).
  CallbackList(const std::vector<Callback>& callbacks, Model* model);
  // Appends `callback` after the caller's.
  void add(const Callback& callback, Model* model);

  // Whether some callback reads on_train_batch_end's logs.
  bool uses_batch_logs() const;

  // Runs one hook on every callback in order: call(&CallbackImpl::on_epoch_end, epoch, logs).
  template <typename... Params, typename... Args>
  void call(void (CallbackImpl::*hook)(Params...), const Args&... args) const {
    for (const Callback& callback : callbacks_) ((*callback.ptr()).*hook)(args...);
  }

 private:
  std::vector<Callback> callbacks_;
};

}  // namespace strata::detail
