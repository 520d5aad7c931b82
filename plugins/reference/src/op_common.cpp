#include "op_common.hpp"

namespace strata_ref {

strata_error* check_call(const strata_op_call& call, std::string_view op, size_t num_inputs,
                         size_t num_outputs, Phase phase) {
  return make_error(strata::kit::check_call(call, op, num_inputs, num_outputs, phase == Phase::kRun,
                                            [](const strata_buffer& b) { return b.size; }));
}

}  // namespace strata_ref
