// keras.callbacks.ReduceLROnPlateau: multiplies the optimizer's learning rate by `factor` after
// `patience` epochs without an improvement of more than min_delta, then waits `cooldown`
// epochs before counting again, never going below min_lr (Keras 3's rules).
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>

#include "monitor.hpp"
#include "python_format.hpp"
#include "strata/op_error.hpp"

namespace strata {
namespace {

using training_detail::Direction;

constexpr std::string_view kWho = "ReduceLROnPlateau";

class ReduceLROnPlateauImpl final : public CallbackImpl {
 public:
  explicit ReduceLROnPlateauImpl(ReduceLROnPlateauOptions options)
      : options_(std::move(options)),
        direction_(training_detail::monitor_direction(kWho, options_.mode, options_.monitor)) {
    if (!(options_.factor < 1.0)) {
      throw ValueError(fmt::format("{} does not support a factor >= 1.0. Received factor={}", kWho,
                                   options_.factor));
    }
    reset();
  }

  void on_train_begin(const Logs& /*logs*/) override { reset(); }

  // Only epoch logs are read, so fit need not read every batch's back.
  bool uses_batch_logs() const override { return false; }

  void on_epoch_end(int epoch, const Logs& logs) override {
    const std::optional<double> current = find_log(logs, options_.monitor);
    if (!current) {
      if (!warned_) {
        training_detail::warn_missing_monitor("Learning rate reduction", options_.monitor, logs);
      }
      warned_ = true;
      return;
    }
    if (cooldown_counter_ > 0) {
      --cooldown_counter_;
      wait_ = 0;
    }
    if (training_detail::improves(direction_, *current, best_, options_.min_delta)) {
      best_ = *current;
      wait_ = 0;
    } else if (cooldown_counter_ == 0 && ++wait_ >= options_.patience) {
      reduce(epoch);
    }
  }

 private:
  void reset() {
    best_ = training_detail::worst_value(direction_);
    cooldown_counter_ = 0;
    wait_ = 0;
    warned_ = false;
  }

  void reduce(int epoch) {
    OptimizerImpl& optimizer = *training_detail::attached_model(*this, kWho).optimizer();
    const double old_lr = optimizer.learning_rate();
    // Keras compares with min_lr rounded to float32, as its learning rate variable is.
    if (!(old_lr > static_cast<double>(static_cast<float>(options_.min_lr)))) return;
    const double new_lr = std::max(old_lr * options_.factor, options_.min_lr);
    optimizer.set_learning_rate(new_lr);
    if (options_.verbose > 0) {
      fmt::print("\nEpoch {}: ReduceLROnPlateau reducing learning rate to {}.\n", epoch + 1,
                 training_detail::python_float(new_lr));
    }
    cooldown_counter_ = options_.cooldown;
    wait_ = 0;
  }

  ReduceLROnPlateauOptions options_;
  Direction direction_;
  double best_ = 0;
  int cooldown_counter_ = 0;
  int wait_ = 0;
  bool warned_ = false;
};

}  // namespace

Callback ReduceLROnPlateau(ReduceLROnPlateauOptions options) {
  return Callback(std::make_shared<ReduceLROnPlateauImpl>(std::move(options)));
}

}  // namespace strata
