#include "op_support.hpp"

#include <fmt/format.h>

#include <array>

#include "../tensor/context_state.hpp"

namespace strata::ops_detail {

ContextState& common_context(const char* op, std::initializer_list<const Tensor*> operands) {
  ContextState* context = nullptr;
  for (const Tensor* t : operands) {
    ContextState& here = detail::checked(*t, op, "an operand").context();
    if (context != nullptr && context != &here) {
      throw ValueError(
          fmt::format("{}: operands live on different contexts ({} and {}); move "
                      "one with Tensor::to",
                      op, context->backend.name(), here.backend.name()));
    }
    context = &here;
  }
  return *context;
}

void require_float(const char* op, const char* role, const Tensor& t) {
  if (is_floating(t.dtype())) return;
  throw DTypeError(fmt::format("{}: {} is {}; {} takes float dtypes (cast it with ops::cast)", op,
                               role, dtype_name(t.dtype()), op));
}

void require_same_dtype(const char* op, const Tensor& a, const Tensor& b) {
  if (a.dtype() == b.dtype()) return;
  throw DTypeError(fmt::format("{}: dtypes differ: {} and {}; cast one with ops::cast", op,
                               dtype_name(a.dtype()), dtype_name(b.dtype())));
}

void launch(ContextState& context, const char* name, strata_op op, int32_t sub_op,
            const void* params, std::initializer_list<Operand> inputs,
            std::initializer_list<Operand> outputs) {
  detail::run(context, detail::OpCall{.name = name,
                                      .op = op,
                                      .params = params,
                                      .sub_op = sub_op,
                                      .inputs = std::span(inputs.begin(), inputs.size()),
                                      .outputs = std::span(outputs.begin(), outputs.size())});
}

uint32_t axes_mask(const char* op, const Axes& axes, int rank) {
  uint32_t mask = 0;
  for (int axis : axes) {
    const uint32_t bit = 1u << normalize_axis(axis, rank, op);
    if ((mask & bit) != 0) {
      throw ShapeError(fmt::format("{}: axis {} is listed twice in {} (rank {})", op, axis,
                                   axes.to_string(), rank));
    }
    mask |= bit;
  }
  return mask;
}

std::string dims_text(std::span<const int64_t> dims) {
  std::string out = "(";
  for (size_t i = 0; i < dims.size(); ++i) out += fmt::format("{}{}", i ? "," : "", dims[i]);
  return out + (dims.size() == 1 ? ",)" : ")");
}

Axes inverse_permutation(const Axes& perm) {
  std::array<int, kMaxRank> inverse{};
  for (int k = 0; k < perm.size(); ++k) inverse[static_cast<size_t>(perm[k])] = k;
  return Axes(std::span<const int>(inverse.data(), static_cast<size_t>(perm.size())));
}

}  // namespace strata::ops_detail
