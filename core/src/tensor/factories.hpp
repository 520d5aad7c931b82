// Factories on a given context (the public ones use Context::current()).
#pragma once

#include <memory>

#include "strata/tensor.hpp"

namespace strata::detail {

struct ContextState;

Tensor full(const std::shared_ptr<ContextState>& context, const Shape& shape, double value,
            DType dtype);
Tensor arange(const std::shared_ptr<ContextState>& context, double start, double stop, double step,
              DType dtype);
// The state of Context::current().
std::shared_ptr<ContextState> current_state();

}  // namespace strata::detail
