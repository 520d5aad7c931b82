// keras.callbacks.EarlyStopping, as Keras 3 decides: after `patience` epochs without an
// improvement of more than min_delta (and, with a baseline, without beating it), from
// start_from_epoch on and never at epoch 0, it sets the model's stop_training.
#include <fmt/format.h>

#include <cmath>
#include <vector>

#include "monitor.hpp"
#include "strata/autodiff.hpp"
#include "strata/op_error.hpp"
#include "strata/ops.hpp"

namespace strata {
namespace {

using training_detail::Direction;

constexpr std::string_view kWho = "EarlyStopping";

class EarlyStoppingImpl final : public CallbackImpl {
 public:
  explicit EarlyStoppingImpl(EarlyStoppingOptions options)
      : options_(std::move(options)),
        direction_(training_detail::monitor_direction(kWho, options_.mode, options_.monitor)),
        min_delta_(std::abs(options_.min_delta)) {
    if (options_.patience < 0) {
      throw ValueError(fmt::format("{}: patience is {}; it counts epochs and cannot be negative",
                                   kWho, options_.patience));
    }
  }

  void on_train_begin(const Logs& /*logs*/) override {
    wait_ = 0;
    best_ = training_detail::worst_value(direction_);
    best_weights_.clear();
    warned_ = false;
  }

  // Only epoch logs are read, so fit need not read every batch's back.
  bool uses_batch_logs() const override { return false; }

  void on_epoch_end(int epoch, const Logs& logs) override {
    const std::optional<double> current = find_log(logs, options_.monitor);
    if (!current) {
      if (!warned_) training_detail::warn_missing_monitor("Early stopping", options_.monitor, logs);
      warned_ = true;
      return;
    }
    if (epoch < options_.start_from_epoch) return;
    // Until something improves, the weights of the first monitored epoch are the best.
    if (options_.restore_best_weights && best_weights_.empty()) snapshot_weights();

    ++wait_;
    if (training_detail::improves(direction_, *current, best_, min_delta_)) {
      best_ = *current;
      if (options_.restore_best_weights) snapshot_weights();
      // The count restarts only when the baseline is beaten too.
      if (!options_.baseline ||
          training_detail::improves(direction_, *current, *options_.baseline, min_delta_)) {
        wait_ = 0;
      }
      return;
    }
    if (wait_ >= options_.patience && epoch > 0) {
      training_detail::attached_model(*this, kWho).set_stop_training(true);
    }
  }

  void on_train_end(const Logs& /*logs*/) override {
    if (!options_.restore_best_weights || best_weights_.empty()) return;
    std::vector<Variable> weights = model_weights();
    if (weights.size() != best_weights_.size()) {
      throw ValueError(
          fmt::format("{}: the model has {} weights now but had {} when the best "
                      "epoch ended; cannot restore them",
                      kWho, weights.size(), best_weights_.size()));
    }
    for (size_t i = 0; i < weights.size(); ++i) weights[i].assign(best_weights_[i]);
  }

 private:
  std::vector<Variable> model_weights() const {
    return training_detail::attached_model(*this, kWho)->weights();
  }

  // Copies on the backend, so neither saving nor restoring goes through the host.
  void snapshot_weights() {
    NoGradGuard no_grad;
    best_weights_.clear();
    for (const Variable& weight : model_weights()) best_weights_.push_back(ops::copy(weight));
  }

  EarlyStoppingOptions options_;
  Direction direction_;
  double min_delta_;
  int wait_ = 0;
  double best_ = 0;
  std::vector<Tensor> best_weights_;
  bool warned_ = false;
};

}  // namespace

Callback EarlyStopping(EarlyStoppingOptions options) {
  return Callback(std::make_shared<EarlyStoppingImpl>(std::move(options)));
}

}  // namespace strata
