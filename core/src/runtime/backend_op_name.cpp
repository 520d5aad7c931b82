// Op names for messages, matching the words the ABI header uses for each op.
#include <fmt/format.h>
#include <strata/kit/op_name.hpp>

#include "backend_call.hpp"

namespace strata::runtime {

std::string op_name(strata_op op) {
  const std::string_view name = kit::op_name(op);
  if (!name.empty()) return std::string(name);
  return fmt::format("op {}", static_cast<int>(op));
}

}  // namespace strata::runtime
