// CallbackList and the History recorder.
#include "callback_list.hpp"

#include <algorithm>

#include "strata/op_error.hpp"

namespace strata::detail {

void HistoryRecorder::on_train_begin(const Logs& /*logs*/) {
  history_.epoch.clear();
}

void HistoryRecorder::on_epoch_end(int epoch, const Logs& logs) {
  history_.epoch.push_back(epoch);
  for (const auto& [key, value] : logs) history_.history[key].push_back(value);
}

CallbackList::CallbackList(const std::vector<Callback>& callbacks, Model* model) {
  for (const Callback& callback : callbacks) add(callback, model);
}

void CallbackList::add(const Callback& callback, Model* model) {
  if (!callback.ptr()) throw ValueError("callbacks: an empty Callback handle was given");
  callback->set_model(model);
  callbacks_.push_back(callback);
}

bool CallbackList::uses_batch_logs() const {
  return std::any_of(callbacks_.begin(), callbacks_.end(),
                     [](const Callback& callback) { return callback->uses_batch_logs(); });
}

}  // namespace strata::detail
