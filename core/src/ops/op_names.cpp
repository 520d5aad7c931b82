#include "op_names.hpp"

#include <array>

namespace strata::ops_detail {
namespace {

constexpr std::array kUnary = {"negative", "abs",        "sign",       "square",   "sqrt",
                               "rsqrt",    "reciprocal", "exp",        "log",      "tanh",
                               "sigmoid",  "relu",       "leaky_relu", "elu",      "selu",
                               "gelu",     "silu",       "softplus",   "softsign", "clip"};
static_assert(kUnary.size() == STRATA_UNARY_CLIP + 1, "one name per strata_unary_op");

constexpr std::array kBinary = {"add",        "subtract", "multiply",     "divide",    "power",
                                "maximum",    "minimum",  "equal",        "not_equal", "less",
                                "less_equal", "greater",  "greater_equal"};
static_assert(kBinary.size() == STRATA_BINARY_GREATER_EQUAL + 1, "one name per strata_binary_op");

constexpr std::array kReduce = {"sum", "mean", "max", "min", "argmax", "argmin"};
static_assert(kReduce.size() == STRATA_REDUCE_ARGMIN + 1, "one name per strata_reduce_op");

template <size_t N>
const char* name_in(const std::array<const char*, N>& names, int code, const char* other) {
  return code >= 0 && static_cast<size_t>(code) < N ? names[static_cast<size_t>(code)] : other;
}

}  // namespace

const char* unary_name(int op) noexcept {
  return name_in(kUnary, op, "unary");
}

const char* binary_name(int op) noexcept {
  return name_in(kBinary, op, "binary");
}

const char* reduce_name(int op) noexcept {
  return name_in(kReduce, op, "reduce");
}

}  // namespace strata::ops_detail
