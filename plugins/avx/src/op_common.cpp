#include "op_common.hpp"

namespace strata_avx {

strata_error* check_call(const strata_op_call& call, std::string_view op, size_t num_inputs,
                         size_t num_outputs, Phase phase) {
  return make_error(strata::kit::check_call(call, op, num_inputs, num_outputs, phase == Phase::kRun,
                                            [](const strata_buffer& b) { return b.size; }));
}

strata_error* dtype_unsupported(std::string_view op, const strata_tensor& t,
                                std::string_view supported) {
  return unsupported("{}: {}: the avx backend runs {} (other dtypes run on the reference backend)",
                     op, shape_text(t), supported);
}

}  // namespace strata_avx
