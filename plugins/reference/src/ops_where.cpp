// STRATA_OP_WHERE: out = cond ? a : b, elementwise; the chosen element is copied bit for bit.
#include <strata/kit/op_checks.hpp>

#include "element_values.hpp"
#include "elementwise.hpp"
#include "op_common.hpp"

namespace strata_ref {

strata_error* op_where(const strata_op_call& call, Phase phase) {
  constexpr std::string_view kOp = "where";
  if (auto* err = check_call(call, kOp, 3, 1, phase)) return err;
  if (auto* err = make_error(strata::kit::check_where(call, kOp))) return err;
  if (phase == Phase::kValidate) return nullptr;

  const strata_tensor& cond = *call.inputs[0];
  const strata_tensor& a = *call.inputs[1];
  const strata_tensor& b = *call.inputs[2];
  const strata_tensor& out = *call.outputs[0];
  for_each_index(out, [&](const int64_t* index) {
    copy_element(load_i(cond, index) != 0 ? a : b, index, out, index);
  });
  return nullptr;
}

}  // namespace strata_ref
