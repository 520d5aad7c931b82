// The reference fallback: on a backend that runs only fill, copy and float32 arithmetic (the
// partial test plugin), every other op still gives the right answer, its data moved to a
// reference instance and back.
#include <gtest/gtest.h>

#include "strata/autodiff.hpp"
#include "strata/ops.hpp"
#include "strata/optimizer_step.hpp"
#include "strata/random.hpp"
#include "tensor_test_support.hpp"

namespace {

using strata::Context;
using strata::DType;
using strata::Shape;
using strata::Tensor;
using strata_test::expect_values;
namespace ops = strata::ops;

class FallbackTest : public ::testing::Test {
 protected:
  FallbackTest() : partial_(strata_test::partial_context()), scope_(partial_) {}
  Context partial_;
  strata::BackendScope scope_;
};

TEST_F(FallbackTest, ThePartialBackendIsActive) {
  EXPECT_EQ(partial_.backend_name(), "partial");
  EXPECT_EQ(Tensor::zeros({1}).context().backend_name(), "partial");
}

TEST_F(FallbackTest, SupportedOpsRunNatively) {
  const Tensor a = Tensor::from({1.f, 2.f, 3.f}, {3});
  const Tensor b = Tensor::full({3}, 10);
  const uint64_t before = partial_.fallback_count();
  const Tensor sum = a + b;
  const Tensor mixed = a * b.broadcast_to({2, 3}) - a / a;
  const std::vector<float> values = sum.to_vector<float>();  // float32: no conversion
  EXPECT_EQ(partial_.fallback_count(), before);
  EXPECT_EQ(values, (std::vector<float>{11, 12, 13}));
  expect_values(mixed, {9, 19, 29, 9, 19, 29});
}

TEST_F(FallbackTest, MatmulRunsOnTheReferenceAndComesBack) {
  const Tensor a = Tensor::from({1.f, 2.f, 3.f, 4.f, 5.f, 6.f}, {2, 3});
  const Tensor b = Tensor::from({1.f, 0.f, -1.f, 2.f, 0.5f, 1.f}, {3, 2});
  const uint64_t before = partial_.fallback_count();
  const Tensor c = ops::matmul(a, b);
  EXPECT_EQ(partial_.fallback_count(), before + 1);
  EXPECT_EQ(c.context().backend_name(), "partial");
  // [1*1 + 2*-1 + 3*0.5, 1*0 + 2*2 + 3*1] = [0.5, 7]; [4 - 5 + 3, 0 + 10 + 6] = [2, 16]
  expect_values(c, {0.5, 7, 2, 16});
  // a strided operand and an output that is then used natively
  expect_values(ops::matmul(a.transpose(), a) + Tensor::zeros({3, 3}),
                {17, 22, 27, 22, 29, 36, 27, 36, 45});
}

TEST_F(FallbackTest, InOutOperandsAreCopiedBothWays) {
  // The optimiser reads and writes its variable; a partial update must not lose the rest.
  strata::Variable w(Tensor::from({1.f, 2.f}, {2}), "w");
  strata::apply_optimizer_step({}, w, Tensor::from({10.f, 20.f}, {2}), {});
  expect_values(w, {0.9, 1.8}, 1e-6);
}

TEST_F(FallbackTest, EveryKindOfOpWorks) {
  const Tensor x = Tensor::from({-1.f, 0.5f, 2.f, -3.f}, {2, 2});
  expect_values(ops::relu(x), {0, 0.5, 2, 0});
  expect_values(ops::sum(x, 0), {1, -2.5});
  expect_values(ops::argmax(x, 1), {1, 0});
  expect_values(ops::softmax(Tensor::zeros({1, 4})), {0.25, 0.25, 0.25, 0.25});
  expect_values(ops::less(x, Tensor::zeros({1})), {1, 0, 0, 1});
  expect_values(ops::take(x, Tensor::from({1, 1, 0}, {3})), {2, -3, 2, -3, -1, 0.5});
  expect_values(Tensor::from({1, 2, 3}, {3}) + Tensor::from({1, 1, 1}, {3}), {2, 3, 4});
  expect_values(ops::cast(x, DType::int64), {-1, 0, 2, -3});
  expect_values(x.transpose().contiguous(), {-1, 2, 0.5, -3});
  EXPECT_EQ(Tensor::from({1.f, 2.f}, {2}).to_string(),
            "tensor([1. 2.], shape=(2,), dtype=float32)");
}

TEST_F(FallbackTest, FloatsTheBackendLacksAreCoveredToo) {
  const Tensor d = Tensor::from({1.0, 2.0}, {2});
  expect_values(d * d + 1.0, {2, 5});  // float64 arithmetic is not in the partial plugin
  EXPECT_EQ((d * d).dtype(), DType::float64);
}

TEST_F(FallbackTest, GradientsFlowThroughFallbackOps) {
  Tensor w = Tensor::from({1.f, -2.f, 3.f}, {3, 1});
  w.set_requires_grad();
  const Tensor x = Tensor::from({1.f, 2.f, 3.f, 4.f, 5.f, 6.f}, {2, 3});
  const Tensor loss = ops::sum(ops::tanh(ops::matmul(x, w)));
  const auto g = strata::gradients(loss, std::vector{w});
  // d/dw sum tanh(xw) = x^T (1 - tanh^2(xw)); xw = [6, 12]
  const double s0 = 1 - std::pow(std::tanh(6.0), 2), s1 = 1 - std::pow(std::tanh(12.0), 2);
  expect_values(g[0], {s0 + 4 * s1, 2 * s0 + 5 * s1, 3 * s0 + 6 * s1}, 1e-6);
}

TEST_F(FallbackTest, RandomDrawsMatchTheReference) {
  partial_.set_seed(11);
  Context reference = strata_test::reference_context();
  reference.set_seed(11);
  const auto here = strata::random::uniform({7}).to_vector<float>();
  const auto there = strata::with_backend(
      reference, [] { return strata::random::uniform({7}).to_vector<float>(); });
  EXPECT_EQ(here, there);
  EXPECT_EQ(partial_.random_offset(), reference.random_offset());
}

TEST(FallbackUnavailableTest, TheErrorNamesTheOpDtypesAndBothReasons) {
  const Context impostor(STRATA_TEST_IMPOSTOR_PLUGIN);  // partial, but calls itself "reference"
  strata::BackendScope scope(impostor);
  const Tensor a = Tensor::ones({2, 3});
  const Tensor b = Tensor::ones({3, 2}, DType::float32);
  EXPECT_EQ((a + a).to_vector<float>(), std::vector<float>(6, 2.f));  // what it runs still runs
  EXPECT_THROW(ops::matmul(a, b), strata::UnsupportedError);
  EXPECT_EQ(strata_test::error_of([&] { ops::matmul(a, b); }),
            "matmul: the reference backend cannot run float32 (2,3), float32 (3,2) -> float32 "
            "(2,2) (partial: op 30 (sub-code 0) with these dtypes is not implemented), and the "
            "reference fallback is unavailable: the backend is the reference backend itself");
}

}  // namespace
