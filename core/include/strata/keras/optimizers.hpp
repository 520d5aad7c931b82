// strata/keras/optimizers.hpp: keras.optimizers with Keras 3's defaults and update rules.
//
// Every update runs as the ABI's fused OPTIMIZER op (strata/optimizer_step.hpp), one call per
// variable. Clipping happens first, as in Keras: clipvalue clips each element, clipnorm each
// gradient's L2 norm, global_clipnorm the norm of all gradients together (at most one of the
// three may be set).
#pragma once

#include <boost/json/object.hpp>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "strata/tensor.hpp"
#include "strata/variable.hpp"

namespace strata {

struct ClipOptions {
  std::optional<double> clipnorm = std::nullopt;
  std::optional<double> clipvalue = std::nullopt;
  std::optional<double> global_clipnorm = std::nullopt;
};

class OptimizerImpl {
 public:
  virtual ~OptimizerImpl() = default;
  virtual std::string_view class_name() const = 0;  // "Adam"
  // Applies one step to each (gradient, variable) pair; undefined gradients are skipped.
  // Creates the slots of a variable on its first update.
  virtual void apply(std::span<const Tensor> gradients, std::span<const Variable> variables) = 0;
  virtual double learning_rate() const = 0;
  virtual void set_learning_rate(double learning_rate) = 0;
  // Updates applied so far (Keras's `iterations`).
  virtual int64_t iterations() const = 0;
  // The slot variables, in a stable order, for saving and restoring optimizer state.
  virtual std::vector<Variable> variables() const = 0;
  // Creates the slots of `variables` now, in this order (Keras's optimizer.build), so that
  // variables() lists them before the first update, ready for a saved state to be assigned.
  // Variables that already have slots are left alone.
  virtual void build(std::span<const Variable> variables) = 0;
  // Restores the update count of a saved optimizer (Adam's bias correction depends on it).
  virtual void set_iterations(int64_t iterations) = 0;
  virtual boost::json::object get_config() const = 0;
};

// A handle; implicit from a Keras name ("sgd", "adam", "adamw", "rmsprop", "adagrad") with
// that optimizer's defaults.
class Optimizer {
 public:
  Optimizer(std::string_view name);                                      // NOLINT
  Optimizer(const char* name) : Optimizer(std::string_view(name)) {}     // NOLINT
  explicit Optimizer(std::shared_ptr<OptimizerImpl> impl) noexcept : impl_(std::move(impl)) {}

  OptimizerImpl* operator->() const noexcept { return impl_.get(); }
  OptimizerImpl& operator*() const noexcept { return *impl_; }
  explicit operator bool() const noexcept { return impl_ != nullptr; }

 private:
  std::shared_ptr<OptimizerImpl> impl_;
};

struct SGDOptions {
  double momentum = 0.0;
  bool nesterov = false;
  ClipOptions clip = {};
};
struct AdamOptions {
  double beta_1 = 0.9;
  double beta_2 = 0.999;
  double epsilon = 1e-7;
  ClipOptions clip = {};
};
struct AdamWOptions {
  double weight_decay = 0.004;
  double beta_1 = 0.9;
  double beta_2 = 0.999;
  double epsilon = 1e-7;
  ClipOptions clip = {};
};
struct RMSpropOptions {
  double rho = 0.9;
  double momentum = 0.0;
  double epsilon = 1e-7;
  ClipOptions clip = {};
};
struct AdagradOptions {
  double initial_accumulator_value = 0.1;
  double epsilon = 1e-7;
  ClipOptions clip = {};
};

Optimizer SGD(double learning_rate = 0.01, SGDOptions options = {});
Optimizer Adam(double learning_rate = 0.001, AdamOptions options = {});
Optimizer AdamW(double learning_rate = 0.001, AdamWOptions options = {});
Optimizer RMSprop(double learning_rate = 0.001, RMSpropOptions options = {});
Optimizer Adagrad(double learning_rate = 0.001, AdagradOptions options = {});

Optimizer optimizer_from_config(std::string_view class_name, const boost::json::object& config);

}  // namespace strata
