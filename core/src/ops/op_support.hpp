// What every op shares: operand checks, and launching one ABI call on the operands' context.
#pragma once

#include <strata/backend.h>

#include <initializer_list>
#include <span>
#include <string>

#include "../tensor/dispatch.hpp"
#include "../tensor/tensor_impl.hpp"
#include "strata/op_error.hpp"
#include "strata/tensor.hpp"

namespace strata::ops_detail {

using detail::ContextState;
using detail::Operand;

// Every operand is defined and all live on one context, which is returned. ValueError names
// the op and the operand ("add: b is an undefined tensor", "add: operands live on different
// contexts (reference and avx); move one with Tensor::to").
ContextState& common_context(const char* op, std::initializer_list<const Tensor*> operands);

// DTypeError "OP: ROLE is int32; OP takes float dtypes (cast it with ops::cast)".
void require_float(const char* op, const char* role, const Tensor& t);
// DTypeError "OP: dtypes differ: float32 and float64; cast one with ops::cast".
void require_same_dtype(const char* op, const Tensor& a, const Tensor& b);

// Runs one ABI call on `context`.
void launch(ContextState& context, const char* name, strata_op op, int32_t sub_op,
            const void* params, std::initializer_list<Operand> inputs,
            std::initializer_list<Operand> outputs);

inline Operand operand(const Tensor& t) noexcept {
  return detail::operand(*t.impl());
}
inline Operand broadcast_operand(const Tensor& t, const Shape& shape) noexcept {
  return detail::broadcast_operand(*t.impl(), shape);
}

// Axes as the ABI's bit mask, each resolved against `rank`; ShapeError for an axis out of range
// or listed twice.
uint32_t axes_mask(const char* op, const Axes& axes, int rank);

// "(2,-1)": a list of sizes as Shape::to_string writes it, also where sizes may be negative.
std::string dims_text(std::span<const int64_t> dims);

// The permutation that undoes `perm` (a valid permutation).
Axes inverse_permutation(const Axes& perm);

}  // namespace strata::ops_detail
