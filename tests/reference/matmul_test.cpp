// STRATA_OP_MATMUL on the reference backend against a naive triple loop written here.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "op_checks.hpp"
#include "reference_harness.hpp"

namespace strata_test {
namespace {

// c[b] = alpha * a[b] @ b[b] + beta * c[b] over `batches` dense row-major matrices.
std::vector<double> naive_matmul(const std::vector<double>& a, const std::vector<double>& b,
                                 std::vector<double> c, int64_t batches, int64_t m, int64_t k,
                                 int64_t n, double alpha, double beta) {
  for (int64_t bi = 0; bi < batches; ++bi) {
    for (int64_t i = 0; i < m; ++i) {
      for (int64_t j = 0; j < n; ++j) {
        double sum = 0;
        for (int64_t p = 0; p < k; ++p) sum += a[(bi * m + i) * k + p] * b[(bi * k + p) * n + j];
        double& out = c[(bi * m + i) * n + j];
        out = alpha * sum + (beta != 0 ? beta * out : 0.0);
      }
    }
  }
  return c;
}

TEST(Matmul, SmallHandCase) {
  ReferenceHarness h;
  TestTensor a = h.make(STRATA_F32, {2, 2}, {1, 2, 3, 4});
  TestTensor b = h.make(STRATA_F32, {2, 2}, {5, 6, 7, 8});
  TestTensor c = h.make(STRATA_F32, {2, 2}, {0, 0, 0, 0});
  strata_matmul_params p{sizeof p, 1.0, 0.0};
  ASSERT_TRUE(h.run(STRATA_OP_MATMUL, 0, &p, {&a, &b}, {&c}).ok());
  EXPECT_EQ(h.read(c), (std::vector<double>{19, 22, 43, 50}));
}

TEST(Matmul, F32MatchesNaiveLoopIntoAGuardedView) {
  ReferenceHarness h;
  const int64_t m = 5, k = 7, n = 3;
  const auto av = random_values(m * k, 1), bv = random_values(k * n, 2);
  TestTensor a = h.make(STRATA_F32, {m, k}, av);
  TestTensor b = h.make(STRATA_F32, {k, n}, bv);
  // c rows 8 apart, starting at element 4, in a 48-element buffer of sentinels.
  TestTensor c = h.make_view(STRATA_F32, {m, n}, {8, 1}, 4, 48, {}, sentinel_for(STRATA_F32));
  strata_matmul_params p{sizeof p, 1.0, 0.0};
  ASSERT_TRUE(h.run(STRATA_OP_MATMUL, 0, &p, {&a, &b}, {&c}).ok());
  const auto expected = naive_matmul(av, bv, std::vector<double>(m * n), 1, m, k, n, 1, 0);
  EXPECT_LT(nmse(h.read(c), expected), 1e-12);
  expect_guards_intact(h, c);
}

TEST(Matmul, TransposesAreStrides) {
  ReferenceHarness h;
  const int64_t m = 4, k = 3, n = 5;
  const auto av = random_values(m * k, 3), bv = random_values(k * n, 4);
  // a is stored as its transpose [K, M] and b as [N, K]; the views read them transposed.
  TestTensor a = h.make_view(STRATA_F64, {m, k}, {1, m}, 0, m * k, av);
  TestTensor b = h.make_view(STRATA_F64, {k, n}, {1, k}, 0, k * n, bv);
  TestTensor c = h.make(STRATA_F64, {m, n}, std::vector<double>(m * n, 0));
  strata_matmul_params p{sizeof p, 1.0, 0.0};
  ASSERT_TRUE(h.run(STRATA_OP_MATMUL, 0, &p, {&a, &b}, {&c}).ok());
  const auto expected = naive_matmul(av, bv, std::vector<double>(m * n), 1, m, k, n, 1, 0);
  expect_all_near(h.read(c), expected, 0, 1e-14);
}

TEST(Matmul, BatchedWithABroadcastBatchAndOffsets) {
  ReferenceHarness h;
  const int64_t b0 = 2, b1 = 3, m = 2, k = 4, n = 3;
  // a varies along batch axis 1 only (stride 0 on axis 0); b along axis 0 only.
  const auto a_store = random_values(b1 * m * k, 5), b_store = random_values(b0 * k * n, 6);
  TestTensor a = h.make(STRATA_F64, {b1, m, k}, a_store);
  a.desc.rank = 4;
  const int64_t a_shape[4] = {b0, b1, m, k}, a_strides[4] = {0, m * k, k, 1};
  std::copy(a_shape, a_shape + 4, a.desc.shape);
  std::copy(a_strides, a_strides + 4, a.desc.strides);
  TestTensor b =
      h.make_view(STRATA_F64, {b0, 1, k, n}, {k * n, 0, n, 1}, 2, 2 + b0 * k * n, b_store);
  b.desc.shape[1] = b1;  // broadcast along axis 1 by its stride 0
  TestTensor c = h.make(STRATA_F64, {b0, b1, m, n}, std::vector<double>(b0 * b1 * m * n, 0));
  strata_matmul_params p{sizeof p, 1.0, 0.0};
  ASSERT_TRUE(h.run(STRATA_OP_MATMUL, 0, &p, {&a, &b}, {&c}).ok());

  std::vector<double> a_full, b_full;
  for (int64_t i = 0; i < b0; ++i) {
    for (int64_t j = 0; j < b1; ++j) {
      a_full.insert(a_full.end(), a_store.begin() + j * m * k, a_store.begin() + (j + 1) * m * k);
      b_full.insert(b_full.end(), b_store.begin() + i * k * n, b_store.begin() + (i + 1) * k * n);
    }
  }
  const auto expected =
      naive_matmul(a_full, b_full, std::vector<double>(b0 * b1 * m * n), b0 * b1, m, k, n, 1, 0);
  expect_all_near(h.read(c), expected, 0, 1e-14);
}

TEST(Matmul, RankEight) {
  ReferenceHarness h;
  const int64_t m = 2, k = 3, n = 2;
  const auto av = random_values(2 * m * k, 12), bv = random_values(2 * k * n, 13);
  TestTensor a = h.make(STRATA_F64, {2, 1, 1, 1, 1, 1, m, k}, av);
  TestTensor b = h.make(STRATA_F64, {2, 1, 1, 1, 1, 1, k, n}, bv);
  TestTensor c = guarded_output(h, STRATA_F64, {2, 1, 1, 1, 1, 1, m, n});
  strata_matmul_params p{sizeof p, 1.0, 0.0};
  ASSERT_TRUE(h.run(STRATA_OP_MATMUL, 0, &p, {&a, &b}, {&c}).ok());
  expect_all_near(h.read(c), naive_matmul(av, bv, std::vector<double>(2 * m * n), 2, m, k, n, 1, 0),
                  0, 1e-14);
  expect_guards_intact(h, c);
}

TEST(Matmul, AlphaAndBetaAccumulate) {
  ReferenceHarness h;
  const int64_t m = 3, k = 2, n = 4;
  const auto av = random_values(m * k, 7), bv = random_values(k * n, 8),
             cv = random_values(m * n, 9);
  TestTensor a = h.make(STRATA_F64, {m, k}, av);
  TestTensor b = h.make(STRATA_F64, {k, n}, bv);
  TestTensor c = h.make(STRATA_F64, {m, n}, cv);
  strata_matmul_params p{sizeof p, -2.0, 0.5};
  ASSERT_TRUE(h.run(STRATA_OP_MATMUL, 0, &p, {&a, &b}, {&c}).ok());
  expect_all_near(h.read(c), naive_matmul(av, bv, cv, 1, m, k, n, -2.0, 0.5), 0, 1e-14);
}

TEST(Matmul, BetaZeroNeverReadsC) {
  ReferenceHarness h;
  TestTensor a = h.make(STRATA_F32, {2, 2}, {1, 2, 3, 4});
  TestTensor b = h.make(STRATA_F32, {2, 2}, {1, 0, 0, 1});
  TestTensor c = h.make(STRATA_F32, {2, 2}, std::vector<double>(4, NAN));
  strata_matmul_params p{sizeof p, 1.0, 0.0};
  ASSERT_TRUE(h.run(STRATA_OP_MATMUL, 0, &p, {&a, &b}, {&c}).ok());
  EXPECT_EQ(h.read(c), (std::vector<double>{1, 2, 3, 4}));
  // With beta != 0 the NaN is read and does propagate: the test above can fail.
  TestTensor c2 = h.make(STRATA_F32, {2, 2}, std::vector<double>(4, NAN));
  p.beta = 1.0;
  ASSERT_TRUE(h.run(STRATA_OP_MATMUL, 0, &p, {&a, &b}, {&c2}).ok());
  EXPECT_TRUE(std::isnan(h.read(c2)[0]));
}

TEST(Matmul, HalfPrecisionWithinTheirTolerance) {
  ReferenceHarness h;
  const int64_t m = 4, k = 8, n = 4;
  const auto av = random_values(m * k, 10), bv = random_values(k * n, 11);
  for (strata_dtype dtype : {STRATA_F16, STRATA_BF16}) {
    TestTensor a = h.make(dtype, {m, k}, av);
    TestTensor b = h.make(dtype, {k, n}, bv);
    TestTensor c = guarded_output(h, dtype, {m, n});
    strata_matmul_params p{sizeof p, 1.0, 0.0};
    ASSERT_TRUE(h.run(STRATA_OP_MATMUL, 0, &p, {&a, &b}, {&c}).ok());
    expect_guards_intact(h, c);
    // Inputs rounded to 11 (f16) or 8 (bf16) bits, plus one output rounding.
    const double tolerance = dtype == STRATA_F16 ? 1e-2 : 8e-2;
    expect_all_near(h.read(c), naive_matmul(av, bv, std::vector<double>(m * n), 1, m, k, n, 1, 0),
                    0, tolerance);
  }
}

TEST(Matmul, EmptyInnerDimensionGivesBetaTimesC) {
  ReferenceHarness h;
  TestTensor a = h.make(STRATA_F32, {2, 0}, {});
  TestTensor b = h.make(STRATA_F32, {0, 3}, {});
  TestTensor c = h.make(STRATA_F32, {2, 3}, {1, 2, 3, 4, 5, 6});
  strata_matmul_params p{sizeof p, 1.0, 2.0};
  ASSERT_TRUE(h.run(STRATA_OP_MATMUL, 0, &p, {&a, &b}, {&c}).ok());
  EXPECT_EQ(h.read(c), (std::vector<double>{2, 4, 6, 8, 10, 12}));
}

TEST(Matmul, EmptyOutputTouchesNothing) {
  ReferenceHarness h;
  TestTensor a = h.make(STRATA_F32, {0, 3, 2}, {});
  TestTensor b = h.make(STRATA_F32, {0, 2, 4}, {});
  TestTensor c = h.make_view(STRATA_F32, {0, 3, 4}, {12, 4, 1}, 0, 4, {}, sentinel_for(STRATA_F32));
  strata_matmul_params p{sizeof p, 1.0, 0.0};
  ASSERT_TRUE(h.run(STRATA_OP_MATMUL, 0, &p, {&a, &b}, {&c}).ok());
  expect_guards_intact(h, c);
}

TEST(Matmul, RejectsMismatchedShapes) {
  ReferenceHarness h;
  TestTensor a = h.make(STRATA_F32, {3, 4}, std::vector<double>(12, 1));
  TestTensor b = h.make(STRATA_F32, {5, 6}, std::vector<double>(30, 1));
  TestTensor c = h.make(STRATA_F32, {3, 6}, std::vector<double>(18, 1));
  strata_matmul_params p{sizeof p, 1.0, 0.0};
  CallResult r = h.run(STRATA_OP_MATMUL, 0, &p, {&a, &b}, {&c});
  EXPECT_EQ(r.code, STRATA_INVALID_ARGUMENT);
  EXPECT_NE(r.message.find("f32[3,4]"), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("f32[5,6]"), std::string::npos) << r.message;

  TestTensor b2 = h.make(STRATA_F32, {4, 6}, std::vector<double>(24, 1));
  TestTensor c_wrong = h.make(STRATA_F32, {3, 5}, std::vector<double>(15, 1));
  r = h.run(STRATA_OP_MATMUL, 0, &p, {&a, &b2}, {&c_wrong});
  EXPECT_EQ(r.code, STRATA_INVALID_ARGUMENT);
  EXPECT_NE(r.message.find("f32[3,5]"), std::string::npos) << r.message;

  TestTensor a3 = h.make(STRATA_F32, {2, 3, 4}, std::vector<double>(24, 1));
  TestTensor b3 = h.make(STRATA_F32, {3, 4, 6}, std::vector<double>(72, 1));
  TestTensor c3 = h.make(STRATA_F32, {2, 3, 6}, std::vector<double>(36, 1));
  r = h.run(STRATA_OP_MATMUL, 0, &p, {&a3, &b3}, {&c3});
  EXPECT_EQ(r.code, STRATA_INVALID_ARGUMENT);
  EXPECT_NE(r.message.find("batch"), std::string::npos) << r.message;

  TestTensor v = h.make(STRATA_F32, {4}, std::vector<double>(4, 1));
  r = h.run(STRATA_OP_MATMUL, 0, &p, {&v, &v}, {&c});
  EXPECT_EQ(r.code, STRATA_INVALID_ARGUMENT);
  EXPECT_NE(r.message.find("rank"), std::string::npos) << r.message;
}

TEST(Matmul, RejectsDtypesAndMissingParams) {
  ReferenceHarness h;
  TestTensor ai = h.make(STRATA_I32, {2, 2}, {1, 2, 3, 4});
  TestTensor ci = h.make(STRATA_I32, {2, 2}, {0, 0, 0, 0});
  strata_matmul_params p{sizeof p, 1.0, 0.0};
  EXPECT_EQ(h.run(STRATA_OP_MATMUL, 0, &p, {&ai, &ai}, {&ci}).code, STRATA_UNSUPPORTED);
  EXPECT_EQ(h.supports(STRATA_OP_MATMUL, 0, &p, {&ai, &ai}, {&ci}).code, STRATA_UNSUPPORTED);

  TestTensor a = h.make(STRATA_F32, {2, 2}, {1, 2, 3, 4});
  TestTensor b64 = h.make(STRATA_F64, {2, 2}, {1, 2, 3, 4});
  TestTensor c = h.make(STRATA_F32, {2, 2}, {0, 0, 0, 0});
  CallResult r = h.run(STRATA_OP_MATMUL, 0, &p, {&a, &b64}, {&c});
  EXPECT_EQ(r.code, STRATA_INVALID_ARGUMENT);
  EXPECT_NE(r.message.find("f64[2,2]"), std::string::npos) << r.message;

  EXPECT_EQ(h.run(STRATA_OP_MATMUL, 0, nullptr, {&a, &a}, {&c}).code, STRATA_INVALID_ARGUMENT);
  EXPECT_TRUE(h.supports(STRATA_OP_MATMUL, 0, &p, {&a, &a}, {&c}).ok());
}

TEST(Matmul, SupportsLooksAtMetadataOnly) {
  ReferenceHarness h;
  TestTensor a = h.make(STRATA_F32, {2, 3}, std::vector<double>(6, 1));
  TestTensor b = h.make(STRATA_F32, {3, 2}, std::vector<double>(6, 1));
  TestTensor c = h.make(STRATA_F32, {2, 2}, std::vector<double>(4, 0));
  for (TestTensor* t : {&a, &b, &c}) t->desc.buffer = nullptr;
  strata_matmul_params p{sizeof p, 1.0, 0.0};
  EXPECT_TRUE(h.supports(STRATA_OP_MATMUL, 0, &p, {&a, &b}, {&c}).ok());
  EXPECT_EQ(h.run(STRATA_OP_MATMUL, 0, &p, {&a, &b}, {&c}).code, STRATA_INVALID_ARGUMENT);
}

}  // namespace
}  // namespace strata_test
