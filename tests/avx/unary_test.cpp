// STRATA_OP_UNARY and STRATA_OP_UNARY_BACKWARD: every sub-code against the reference, on random
// data, on special values (zeros, infinities, NaN, the overflow edges), through strided and
// broadcast views, on large (threaded) tensors, and on empty and rank-0 tensors.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "plugin_pair.hpp"

namespace avx_test {
namespace {

constexpr int kFunctions = STRATA_UNARY_CLIP + 1;

// Parameters that exercise each function's alpha and beta.
strata_unary_params params_for(int sub_op, bool tanh_gelu = false) {
  switch (sub_op) {
    case STRATA_UNARY_LEAKY_RELU:
      return {sizeof(strata_unary_params), 0.1, 0.0};
    case STRATA_UNARY_ELU:
      return {sizeof(strata_unary_params), 1.3, 0.0};
    case STRATA_UNARY_CLIP:
      return {sizeof(strata_unary_params), -0.5, 0.7};
    case STRATA_UNARY_GELU:
      return {sizeof(strata_unary_params), 0.0, tanh_gelu ? 1.0 : 0.0};
    default:
      return {sizeof(strata_unary_params), 0.0, 0.0};
  }
}

std::vector<float> special_values() {
  const float inf = std::numeric_limits<float>::infinity();
  return {0.0f,  -0.0f,  inf,    -inf,    std::nanf(""), 1e-30f, -1e-30f, 1e30f,   -1e30f,
          88.8f, -88.8f, 100.0f, -100.f,  1e-5f,         -1e-5f, 0.625f,  -0.625f, 10.0f,
          -10.f, 20.0f,  -20.0f, 50.0f,   -50.0f,        1e10f,  -1e10f,  0.5f,    -0.5f,
          2.0f,  -2.0f,  1e-40f, -1e-40f, 0.7f,          -0.5f,  1.0f,    -1.0f,   3.0f};
}

// Forward and backward of every function on x, with dy from `rng`: |dy| in [dy_min, 2] with
// either sign. (The backward ops compute f'(x) in f32 before multiplying by dy, as the reference
// does in f64: where f'(x) alone overflows f32 but dy * f'(x) would not, the two differ, so
// the special-value test keeps |dy| >= 1.)
void check_all(const std::vector<float>& x_values, std::mt19937& rng, const std::string& what,
               float dy_min = 0.0f) {
  const int64_t n = static_cast<int64_t>(x_values.size());
  const HostTensor x = dense<float>(STRATA_F32, {n}, x_values);
  std::vector<float> dy_values = random_floats(rng, n, dy_min, 2);
  for (size_t i = 0; i < dy_values.size(); i += 2) dy_values[i] = -dy_values[i];
  const HostTensor dy = dense<float>(STRATA_F32, {n}, dy_values);
  for (int f = 0; f < kFunctions; ++f) {
    for (bool tanh_gelu : {false, true}) {
      if (tanh_gelu && f != STRATA_UNARY_GELU) continue;
      const strata_unary_params p = params_for(f, tanh_gelu);
      const std::string name = what + " sub-code " + std::to_string(f) + (tanh_gelu ? " tanh" : "");
      compare(STRATA_OP_UNARY, f, &p, {&x}, {guarded(STRATA_F32, {n})}, kElementwise, name);
      compare(STRATA_OP_UNARY_BACKWARD, f, &p, {&dy, &x}, {guarded(STRATA_F32, {n})}, kElementwise,
              name + " backward");
    }
  }
}

TEST(AvxUnary, RandomDataEveryFunction) {
  std::mt19937 rng(1);
  check_all(random_floats(rng, 1001, -4, 4), rng, "[-4, 4]");
  check_all(random_floats(rng, 517, -30, 30), rng, "[-30, 30]");
}

TEST(AvxUnary, SmallMagnitudesKeepRelativeAccuracy) {
  // Every element tiny: expm1, tanh, log1p and erf paths must not cancel.
  std::mt19937 rng(2);
  check_all(random_floats(rng, 333, -1e-3f, 1e-3f), rng, "[-1e-3, 1e-3]");
}

TEST(AvxUnary, SpecialValues) {
  std::mt19937 rng(3);
  check_all(special_values(), rng, "special values", 1.0f);
}

TEST(AvxUnary, StridedAndBroadcastViews) {
  std::mt19937 rng(4);
  // x is a transposed 2-D view with an offset; dy broadcasts along rows; dx is guarded.
  const std::vector<float> values = random_floats(rng, 7 * 9, -3, 3);
  const HostTensor x = view<float>(STRATA_F32, {7, 9}, {1, 8}, 3, 3 + 8 * 9, values);
  const HostTensor dy =
      view<float>(STRATA_F32, {7, 9}, {0, 1}, 1, 10, random_floats(rng, 10, -1, 1));
  for (int f = 0; f < kFunctions; ++f) {
    const strata_unary_params p = params_for(f);
    compare(STRATA_OP_UNARY, f, &p, {&x}, {guarded(STRATA_F32, {7, 9})}, kElementwise,
            "strided " + std::to_string(f));
    compare(STRATA_OP_UNARY_BACKWARD, f, &p, {&dy, &x}, {guarded(STRATA_F32, {7, 9})}, kElementwise,
            "strided backward " + std::to_string(f));
  }
}

TEST(AvxUnary, LargeTensorsSplitAcrossThreads) {
  std::mt19937 rng(5);
  const int64_t n = 100003;
  const HostTensor x = dense<float>(STRATA_F32, {n}, random_floats(rng, n, -5, 5));
  const HostTensor dy = dense<float>(STRATA_F32, {n}, random_floats(rng, n, -1, 1));
  for (int f : {STRATA_UNARY_EXP, STRATA_UNARY_GELU, STRATA_UNARY_RELU, STRATA_UNARY_TANH}) {
    const strata_unary_params p = params_for(f);
    compare(STRATA_OP_UNARY, f, &p, {&x}, {guarded(STRATA_F32, {n})}, kElementwise, "large");
    compare(STRATA_OP_UNARY_BACKWARD, f, &p, {&dy, &x}, {guarded(STRATA_F32, {n})}, kElementwise,
            "large backward");
  }
}

TEST(AvxUnary, EmptyAndScalarTensors) {
  const HostTensor empty = dense<float>(STRATA_F32, {3, 0, 2}, {});
  const HostTensor scalar = dense<float>(STRATA_F32, {}, {0.75f});
  const strata_unary_params p = params_for(STRATA_UNARY_SIGMOID);
  compare(STRATA_OP_UNARY, STRATA_UNARY_SIGMOID, &p, {&empty}, {guarded(STRATA_F32, {3, 0, 2})},
          kElementwise, "empty");
  const Result r = compare(STRATA_OP_UNARY, STRATA_UNARY_SIGMOID, &p, {&scalar},
                           {guarded(STRATA_F32, {})}, kElementwise, "rank 0");
  EXPECT_NEAR(r.outputs[0].values<float>()[0], 1 / (1 + std::exp(-0.75)), 1e-7);
}

TEST(AvxUnary, OtherFloatDtypesAreLeftToTheReference) {
  const HostTensor x = dense<double>(STRATA_F64, {4}, {1, 2, 3, 4});
  const Status s = supports(avx(), STRATA_OP_UNARY, STRATA_UNARY_EXP, nullptr, {&x},
                            {dense<double>(STRATA_F64, {4}, {0, 0, 0, 0})});
  EXPECT_EQ(s.code, STRATA_UNSUPPORTED);
  EXPECT_NE(s.message.find("f32"), std::string::npos) << s.message;
}

TEST(AvxUnary, MalformedCallsMatchTheReference) {
  const HostTensor x = dense<float>(STRATA_F32, {4}, {1, 2, 3, 4});
  const HostTensor i = dense<int32_t>(STRATA_I32, {4}, {1, 2, 3, 4});
  compare(STRATA_OP_UNARY, 99, nullptr, {&x}, {guarded(STRATA_F32, {4})}, 0, "bad sub-code");
  compare(STRATA_OP_UNARY, 0, nullptr, {&x}, {guarded(STRATA_F32, {5})}, 0, "shape mismatch");
  compare(STRATA_OP_UNARY, 0, nullptr, {&i}, {guarded(STRATA_I32, {4})}, 0, "integers");
  compare(STRATA_OP_UNARY, 0, nullptr, {&x}, {guarded(STRATA_I32, {4})}, 0, "dtype mismatch");
  compare(STRATA_OP_UNARY_BACKWARD, 0, nullptr, {&x}, {guarded(STRATA_F32, {4})}, 0, "arity");
}

}  // namespace
}  // namespace avx_test
