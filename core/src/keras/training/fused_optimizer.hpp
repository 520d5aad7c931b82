// The one OptimizerImpl behind every keras optimizer: Keras 3's update rules run as the ABI's
// fused OPTIMIZER op, one call per variable, after clipping.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <unordered_map>
#include <vector>

#include "strata/keras/optimizers.hpp"
#include "strata/optimizer_step.hpp"

namespace strata::training_detail {

struct OptimizerSpec {
  std::string class_name;  // "Adam"
  std::string name;        // get_config's "name": "adam"
  OptimizerStep step;      // the rule and its hyper-parameters; learning_rate is the initial one
  ClipOptions clip;
  double initial_accumulator_value = 0;  // ADAGRAD's accumulator starts here, other slots at 0
  // get_config's entries for the rule's own hyper-parameters ("beta_1", "momentum", ...).
  boost::json::object rule_config;
};

class FusedOptimizer final : public OptimizerImpl {
 public:
  // Validates the hyper-parameters and the clip options (ValueError naming the optimiser).
  explicit FusedOptimizer(OptimizerSpec spec);

  std::string_view class_name() const override { return spec_.class_name; }
  void apply(std::span<const Tensor> gradients, std::span<const Variable> variables) override;
  double learning_rate() const override { return learning_rate_; }
  void set_learning_rate(double learning_rate) override;
  int64_t iterations() const override { return iterations_; }
  std::vector<Variable> variables() const override;
  void build(std::span<const Variable> variables) override;
  void set_iterations(int64_t iterations) override;
  boost::json::object get_config() const override;

 private:
  // The variable's slots, created on first use.
  const std::vector<Variable>& slots_of(const Variable& variable);

  OptimizerSpec spec_;
  double learning_rate_;
  int64_t iterations_ = 0;
  struct Slots {
    Variable variable;  // kept alive, so its buffer (the key) is never reused
    std::vector<Variable> slots;
  };
  std::vector<Slots> slots_;                       // in creation order: variables() lists them so
  std::unordered_map<const void*, size_t> index_;  // variable's buffer -> slots_ entry
};

}  // namespace strata::training_detail
