#include "step_snapshot.hpp"

#include <fmt/format.h>

#include "strata/error.hpp"
#include "strata/ops.hpp"

namespace strata::training_detail {

StepSnapshot::StepSnapshot(std::span<const Variable> variables)
    : variables_(variables.begin(), variables.end()) {
  saved_.reserve(variables_.size());
  for (const Variable& variable : variables_) saved_.push_back(ops::copy(variable.value()));
}

void StepSnapshot::roll_back(const std::exception& failure) {
  try {
    for (size_t i = 0; i < variables_.size(); ++i) variables_[i].assign(saved_[i]);
  } catch (const std::exception& restore) {
    throw Error(
        fmt::format("{}; restoring the weights after it failed too ({}), so they may be "
                    "half-updated",
                    failure.what(), restore.what()));
  }
}

}  // namespace strata::training_detail
