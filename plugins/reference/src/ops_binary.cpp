// STRATA_OP_BINARY: out = a (op) b elementwise. Float arithmetic runs in double and rounds
// once; integer arithmetic is exact in int128 and saturates once on store; comparisons order
// the exact values (IEEE: anything against NaN is unordered) and write 0 or 1.
#include <algorithm>
#include <cmath>
#include <compare>
#include <initializer_list>
#include <limits>
#include <string>
#include <string_view>

#include "element_values.hpp"
#include "elementwise.hpp"
#include "op_common.hpp"

namespace strata_ref {
namespace {

struct BinaryFunction {
  std::string_view name;
  double (*on_floats)(double a, double b);       // arithmetic; null for comparisons
  WideInt (*on_integers)(WideInt a, WideInt b);  // null where integers are not allowed
  bool (*holds)(std::partial_ordering order);    // comparisons; null for arithmetic
};

// NaN if either operand is NaN (std::max would pick by position).
double maximum(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return std::numeric_limits<double>::quiet_NaN();
  return std::max(a, b);
}

double minimum(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return std::numeric_limits<double>::quiet_NaN();
  return std::min(a, b);
}

// Indexed by strata_binary_op.
constexpr BinaryFunction kFunctions[] = {
    {"add", [](double a, double b) { return a + b; }, [](WideInt a, WideInt b) { return a + b; },
     nullptr},
    {"sub", [](double a, double b) { return a - b; }, [](WideInt a, WideInt b) { return a - b; },
     nullptr},
    {"mul", [](double a, double b) { return a * b; }, [](WideInt a, WideInt b) { return a * b; },
     nullptr},
    {"div", [](double a, double b) { return a / b; }, nullptr, nullptr},
    {"pow", [](double a, double b) { return std::pow(a, b); }, nullptr, nullptr},
    {"maximum", maximum, [](WideInt a, WideInt b) { return std::max(a, b); }, nullptr},
    {"minimum", minimum, [](WideInt a, WideInt b) { return std::min(a, b); }, nullptr},
    {"equal", nullptr, nullptr, [](std::partial_ordering o) { return o == 0; }},
    {"not_equal", nullptr, nullptr, [](std::partial_ordering o) { return o != 0; }},
    {"less", nullptr, nullptr, [](std::partial_ordering o) { return o < 0; }},
    {"less_equal", nullptr, nullptr, [](std::partial_ordering o) { return o <= 0; }},
    {"greater", nullptr, nullptr, [](std::partial_ordering o) { return o > 0; }},
    {"greater_equal", nullptr, nullptr, [](std::partial_ordering o) { return o >= 0; }},
};

constexpr int kNumFunctions = sizeof kFunctions / sizeof kFunctions[0];
static_assert(kNumFunctions == STRATA_BINARY_GREATER_EQUAL + 1, "one row per strata_binary_op");

bool is_comparison(const BinaryFunction& f) {
  return f.holds != nullptr;
}

strata_error* check_dtypes(std::string_view op, const BinaryFunction& f,
                           const strata_op_call& call) {
  const strata_dtype a = call.inputs[0]->dtype;
  const strata_dtype b = call.inputs[1]->dtype;
  const strata_dtype out = call.outputs[0]->dtype;
  const std::initializer_list<std::string_view> roles = {"a", "b", "out"};
  if (a != b) return invalid("{}: {}: a and b need one dtype", op, operands_text(call, roles));
  if (is_comparison(f)) {
    if (out != STRATA_U8) {
      return invalid("{}: {}: a comparison writes u8", op, operands_text(call, roles));
    }
    return nullptr;
  }
  if (out != a) {
    return invalid("{}: {}: a, b and out need one dtype", op, operands_text(call, roles));
  }
  const bool integers_ok = f.on_integers != nullptr && (a == STRATA_I32 || a == STRATA_I64);
  if (!is_float(a) && !integers_ok) {
    return unsupported("{}: {}: {} takes float dtypes{}", op, operands_text(call, roles), f.name,
                       f.on_integers != nullptr ? ", i32 or i64" : " only");
  }
  return nullptr;
}

// The order of the exact values: int64 for integer dtypes (exact beyond 2^53), else double.
std::partial_ordering compare(const strata_tensor& a, const strata_tensor& b,
                              const int64_t* index) {
  if (is_integer(a.dtype)) return load_i(a, index) <=> load_i(b, index);
  return load_f(a, index) <=> load_f(b, index);
}

void apply(const BinaryFunction& f, const strata_tensor& a, const strata_tensor& b,
           const strata_tensor& out, const int64_t* index) {
  if (is_comparison(f)) return store_i(out, index, f.holds(compare(a, b, index)) ? 1 : 0);
  if (is_integer(out.dtype)) {
    return store_as(out, index,
                    f.on_integers(load_as<WideInt>(a, index), load_as<WideInt>(b, index)));
  }
  store_f(out, index, f.on_floats(load_f(a, index), load_f(b, index)));
}

}  // namespace

strata_error* op_binary(const strata_op_call& call, Phase phase) {
  if (call.sub_op < 0 || call.sub_op >= kNumFunctions) {
    return unsupported("binary: unknown sub-code {} (ABI 1.0 has 0..{})", call.sub_op,
                       kNumFunctions - 1);
  }
  const BinaryFunction& f = kFunctions[call.sub_op];
  const std::string op = fmt::format("binary {}", f.name);
  if (auto* err = check_call(call, op, 2, 1, phase)) return err;
  if (auto* err = check_dtypes(op, f, call)) return err;
  if (auto* err = check_same_shapes(op, call, {"a", "b", "out"})) return err;
  if (phase == Phase::kValidate) return nullptr;

  const strata_tensor& a = *call.inputs[0];
  const strata_tensor& b = *call.inputs[1];
  const strata_tensor& out = *call.outputs[0];
  for_each_index(out, [&](const int64_t* index) { apply(f, a, b, out, index); });
  return nullptr;
}

}  // namespace strata_ref
