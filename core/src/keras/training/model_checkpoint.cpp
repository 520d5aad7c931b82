// keras.callbacks.ModelCheckpoint: saves the model (or its weights) at the end of every epoch,
// or only when the monitored quantity improves, to a path filled in from the epoch and logs.
// Model::save and save_weights write atomically (temporary file, then rename).
#include <fmt/format.h>

#include <filesystem>
#include <system_error>

#include "monitor.hpp"
#include "python_format.hpp"
#include "strata/keras/io_error.hpp"

namespace strata {
namespace {

using training_detail::Direction;

constexpr std::string_view kWho = "ModelCheckpoint";

class ModelCheckpointImpl final : public CallbackImpl {
 public:
  ModelCheckpointImpl(std::string filepath, ModelCheckpointOptions options)
      : filepath_(std::move(filepath)),
        options_(std::move(options)),
        direction_(training_detail::monitor_direction(kWho, options_.mode, options_.monitor)),
        best_(training_detail::worst_value(direction_)) {}

  // Only epoch logs are read, so fit need not read every batch's back.
  bool uses_batch_logs() const override { return false; }

  void on_epoch_end(int epoch, const Logs& logs) override {
    const std::string path = training_detail::format_checkpoint_path(filepath_, epoch + 1, logs);
    if (options_.save_best_only && !improved(logs)) return;
    save(path);
  }

 private:
  // Whether the monitored value beats the best so far (then it becomes the best). Without
  // the value there is nothing to compare, and Keras saves anyway.
  bool improved(const Logs& logs) {
    const std::optional<double> current = find_log(logs, options_.monitor);
    if (!current) {
      training_detail::warn_missing_monitor("Saving the best model", options_.monitor, logs);
      return true;
    }
    if (!training_detail::improves(direction_, *current, best_, 0)) return false;
    best_ = *current;
    return true;
  }

  void save(const std::string& path) {
    Model& model = training_detail::attached_model(*this, kWho);
    const std::filesystem::path folder = std::filesystem::path(path).parent_path();
    std::error_code ec;
    if (!folder.empty()) std::filesystem::create_directories(folder, ec);
    if (ec) {
      throw IOError(
          folder, fmt::format("{}: cannot create the checkpoint folder ({})", kWho, ec.message()));
    }
    if (options_.save_weights_only) {
      model.save_weights(path);
    } else {
      model.save(path);
    }
  }

  std::string filepath_;
  ModelCheckpointOptions options_;
  Direction direction_;
  double best_;
};

}  // namespace

Callback ModelCheckpoint(std::string filepath, ModelCheckpointOptions options) {
  return Callback(std::make_shared<ModelCheckpointImpl>(std::move(filepath), std::move(options)));
}

}  // namespace strata
