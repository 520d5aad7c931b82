// STRATA_OP_UNARY, STRATA_OP_UNARY_BACKWARD and STRATA_OP_BINARY. The sub-code travels in the
// parameter block (ip[0]): one pipeline per dtype (and direction) serves every function.
#include <fmt/format.h>

#include "dtypes.hpp"
#include "launch.hpp"
#include "ops.hpp"
#include "tensor_checks.hpp"

namespace strata_vk {
namespace {

constexpr std::string_view kUnaryNames[] = {
    "neg",  "abs",  "sign", "square",   "sqrt",     "rsqrt",      "reciprocal",
    "exp",  "log",  "tanh", "sigmoid",  "relu",     "leaky_relu", "elu",
    "selu", "gelu", "silu", "softplus", "softsign", "clip"};
static_assert(std::size(kUnaryNames) == STRATA_UNARY_CLIP + 1, "one name per strata_unary_op");

constexpr std::string_view kBinaryNames[] = {
    "add",   "sub",       "mul",  "div",        "pow",     "maximum",      "minimum",
    "equal", "not_equal", "less", "less_equal", "greater", "greater_equal"};
static_assert(std::size(kBinaryNames) == STRATA_BINARY_GREATER_EQUAL + 1,
              "one name per strata_binary_op");

// Forward (x -> y) or backward (dy, x -> dx) of one unary function.
void unary(const OpCall& op, bool backward) {
  const std::string_view family = backward ? "unary_backward" : "unary";
  const int32_t sub = op.call.sub_op;
  if (sub < 0 || sub > STRATA_UNARY_CLIP) {
    unsupported("{}: unknown sub-code {} (ABI 1.0 has 0..{})", family, sub,
                static_cast<int>(STRATA_UNARY_CLIP));
  }
  const std::string name = fmt::format("{} {}", family, kUnaryNames[sub]);
  check_op(op, name, backward ? 2 : 1, 1);
  const strata_tensor& out = op.out(0);
  if (!is_float(out.dtype)) unsupported("{}: out is {}: float dtypes only", name, shape_text(out));
  for (size_t i = 0; i < op.call.num_inputs; ++i) {
    if (op.in(i).dtype != out.dtype) {
      invalid("{}: input {} is {}, out is {}: all tensors need one dtype", name, i,
              shape_text(op.in(i)), shape_text(out));
    }
  }
  check_same_shapes(op.call, name);
  require_dtype(op.features, out.dtype, DtypeUse::kCompute, name);
  if (!op.running()) return;

  const auto params = read_params<strata_unary_params>(op.call.params);
  const strata_tensor& x = op.in(backward ? 1 : 0);
  Launch launch(*op.instance, fmt::format("unary_{}", kind_token(out.dtype)), 256,
                {backward ? 1u : 0u});
  launch.params().ip[0] = sub;
  launch.params().fp[0] = static_cast<float>(params.alpha);
  launch.params().fp[1] = static_cast<float>(params.beta);
  if (backward) {
    run_elementwise(launch, {{1, &x, false}, {2, &out, true}, {3, &op.in(0), false}});
  } else {
    run_elementwise(launch, {{1, &x, false}, {2, &out, true}});
  }
}

bool is_comparison(int32_t sub) {
  return sub >= STRATA_BINARY_EQUAL;
}

bool integers_allowed(int32_t sub) {
  return sub == STRATA_BINARY_ADD || sub == STRATA_BINARY_SUB || sub == STRATA_BINARY_MUL ||
         sub == STRATA_BINARY_MAXIMUM || sub == STRATA_BINARY_MINIMUM;
}

}  // namespace

void op_unary(const OpCall& op) {
  unary(op, false);
}

void op_unary_backward(const OpCall& op) {
  unary(op, true);
}

void op_binary(const OpCall& op) {
  const int32_t sub = op.call.sub_op;
  if (sub < 0 || sub > STRATA_BINARY_GREATER_EQUAL) {
    unsupported("binary: unknown sub-code {} (ABI 1.0 has 0..{})", sub,
                static_cast<int>(STRATA_BINARY_GREATER_EQUAL));
  }
  const std::string name = fmt::format("binary {}", kBinaryNames[sub]);
  check_op(op, name, 2, 1);
  const strata_tensor& a = op.in(0);
  const strata_tensor& b = op.in(1);
  const strata_tensor& out = op.out(0);
  if (a.dtype != b.dtype) {
    invalid("{}: a is {}, b is {}: a and b need one dtype", name, shape_text(a), shape_text(b));
  }
  if (is_comparison(sub)) {
    if (out.dtype != STRATA_U8) {
      invalid("{}: out is {}: a comparison writes u8", name, shape_text(out));
    }
  } else {
    if (out.dtype != a.dtype) {
      invalid("{}: a is {}, out is {}: a, b and out need one dtype", name, shape_text(a),
              shape_text(out));
    }
    const bool integer_ok =
        integers_allowed(sub) && (a.dtype == STRATA_I32 || a.dtype == STRATA_I64);
    if (!is_float(a.dtype) && !integer_ok) {
      unsupported("{}: a is {}: {} takes float dtypes{}", name, shape_text(a), kBinaryNames[sub],
                  integers_allowed(sub) ? ", i32 or i64" : " only");
    }
  }
  check_same_shapes(op.call, name);
  require_dtype(op.features, a.dtype, DtypeUse::kCompute, name);
  require_dtype(op.features, out.dtype, DtypeUse::kCompute, name);
  if (!op.running()) return;
  const std::string shader =
      fmt::format("{}_{}", is_comparison(sub) ? "compare" : "binary", kind_token(a.dtype));
  Launch launch(*op.instance, shader, 256);
  launch.params().ip[0] = sub;
  run_elementwise(launch, {{1, &a, false}, {2, &b, false}, {3, &out, true}});
}

}  // namespace strata_vk
