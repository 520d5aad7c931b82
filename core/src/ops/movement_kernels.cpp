// FILL, COPY and CAST on prepared operands.
#include "kernels.hpp"
#include "op_support.hpp"

namespace strata::kernels {

using namespace ops_detail;

void fill(const Tensor& out, double value) {
  const strata_fill_params params{sizeof params, value};
  launch(out.impl()->context(), "fill", STRATA_OP_FILL, 0, &params, {}, {operand(out)});
}

void copy_into(const Tensor& src, const Tensor& out) {
  launch(out.impl()->context(), "copy", STRATA_OP_COPY, 0, nullptr,
         {broadcast_operand(src, out.shape())}, {operand(out)});
}

void cast_into(const Tensor& src, const Tensor& out) {
  launch(out.impl()->context(), "cast", STRATA_OP_CAST, 0, nullptr, {operand(src)}, {operand(out)});
}

}  // namespace strata::kernels
