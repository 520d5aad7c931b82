// STRATA_OP_MATMUL on the packed GEMM: every transpose of a, b and c, alpha and beta (beta 0
// never reads c), broadcast batches, odd and degenerate sizes, outputs with no unit stride, and
// large products (threaded) against a double-precision product computed here.
#include <gtest/gtest.h>

#include <cmath>

#include "plugin_pair.hpp"

namespace avx_test {
namespace {

// A [rows, cols] matrix holding `values` (row-major order), stored row-major or transposed.
HostTensor matrix(int64_t rows, int64_t cols, const std::vector<float>& values, bool transposed) {
  if (!transposed) return dense<float>(STRATA_F32, {rows, cols}, values);
  return view<float>(STRATA_F32, {rows, cols}, {1, rows}, 0, rows * cols, values);
}

strata_matmul_params params(double alpha, double beta) {
  return {sizeof(strata_matmul_params), alpha, beta};
}

TEST(AvxMatmul, EveryTransposeOfEveryOperand) {
  std::mt19937 rng(70);
  // Wide and narrow (fewer columns than a register tile: computed as C^T = B^T A^T).
  const int64_t sizes[][3] = {{37, 29, 53}, {40, 7, 33}};
  for (const auto& [m, n, k] : sizes) {
    const std::vector<float> av = random_floats(rng, m * k, -1, 1);
    const std::vector<float> bv = random_floats(rng, k * n, -1, 1);
    const std::vector<float> cv = random_floats(rng, m * n, -1, 1);
    for (int mask = 0; mask < 8; ++mask) {
      const HostTensor a = matrix(m, k, av, mask & 1), b = matrix(k, n, bv, mask & 2);
      const HostTensor c = matrix(m, n, cv, mask & 4);
      const strata_matmul_params p = params(0.75, 0.5);
      compare(STRATA_OP_MATMUL, 0, &p, {&a, &b}, {c}, kMatmul,
              "n " + std::to_string(n) + " transposes " + std::to_string(mask));
    }
  }
}

TEST(AvxMatmul, BetaZeroNeverReadsC) {
  std::mt19937 rng(71);
  const HostTensor a = matrix(20, 30, random_floats(rng, 600, -1, 1), false);
  const HostTensor b = matrix(30, 40, random_floats(rng, 1200, -1, 1), true);
  const strata_matmul_params p = params(1.5, 0.0);
  // guarded() fills c with NaN: any read of it would leak into the result.
  compare(STRATA_OP_MATMUL, 0, &p, {&a, &b}, {guarded(STRATA_F32, {20, 40})}, kMatmul, "beta 0");
  HostTensor column_major = guarded(STRATA_F32, {20, 40});
  column_major.strides = {1, 21};
  compare(STRATA_OP_MATMUL, 0, &p, {&a, &b}, {column_major}, kMatmul, "beta 0 column-major c");
}

TEST(AvxMatmul, OutputWithoutUnitStride) {
  std::mt19937 rng(72);
  const HostTensor a = matrix(13, 9, random_floats(rng, 117, -1, 1), false);
  const HostTensor b = matrix(9, 21, random_floats(rng, 189, -1, 1), false);
  // c[i, j] at 3 + 50 i + 2 j: neither axis contiguous.
  const HostTensor c = view<float>(STRATA_F32, {13, 21}, {50, 2}, 3, 3 + 50 * 13,
                                   random_floats(rng, 273, -1, 1), 7.0f);
  for (double beta : {0.0, -1.0}) {
    const strata_matmul_params p = params(2.0, beta);
    compare(STRATA_OP_MATMUL, 0, &p, {&a, &b}, {c}, kMatmul, "no unit stride");
  }
}

TEST(AvxMatmul, OddAndDegenerateSizes) {
  std::mt19937 rng(73);
  const int64_t sizes[][3] = {{1, 1, 1},  {1, 50, 7}, {50, 1, 7},    {7, 13, 1},
                              {6, 16, 8}, {7, 17, 9}, {128, 10, 64}, {5, 3, 700},
                              {2, 2, 0},  {0, 5, 5},  {5, 0, 5}};
  for (const auto& s : sizes) {
    const int64_t m = s[0], n = s[1], k = s[2];
    const HostTensor a = matrix(m, k, random_floats(rng, m * k, -1, 1), false);
    const HostTensor b = matrix(k, n, random_floats(rng, k * n, -1, 1), false);
    const HostTensor c = matrix(m, n, random_floats(rng, m * n, -1, 1), false);
    for (double beta : {0.0, 1.0}) {
      const strata_matmul_params p = params(1.0, beta);
      compare(STRATA_OP_MATMUL, 0, &p, {&a, &b}, {beta == 0 ? guarded(STRATA_F32, {m, n}) : c},
              kMatmul,
              "size " + std::to_string(m) + "x" + std::to_string(n) + "x" + std::to_string(k) +
                  " beta " + std::to_string(beta));
    }
  }
}

TEST(AvxMatmul, BroadcastBatches) {
  std::mt19937 rng(74);
  const int64_t m = 11, k = 19, n = 23;
  // a varies along batch axis 1 only, b along axis 0 only (stride 0 elsewhere).
  const HostTensor a = view<float>(STRATA_F32, {2, 3, m, k}, {0, m * k, k, 1}, 0, 3 * m * k,
                                   random_floats(rng, 3 * m * k, -1, 1));
  const HostTensor b = view<float>(STRATA_F32, {2, 3, k, n}, {k * n, 0, 1, k}, 0, 2 * k * n,
                                   random_floats(rng, 2 * k * n, -1, 1));
  const strata_matmul_params p = params(1.0, 0.0);
  compare(STRATA_OP_MATMUL, 0, &p, {&a, &b}, {guarded(STRATA_F32, {2, 3, m, n})}, kMatmul,
          "broadcast batches");
  // Many small matrices: batches spread over threads.
  const HostTensor many_a = dense<float>(STRATA_F32, {64, 8, 12}, random_floats(rng, 6144, -1, 1));
  const HostTensor many_b =
      dense<float>(STRATA_F32, {64, 12, 40}, random_floats(rng, 30720, -1, 1));
  compare(STRATA_OP_MATMUL, 0, &p, {&many_a, &many_b}, {guarded(STRATA_F32, {64, 8, 40})}, kMatmul,
          "many batches");
}

TEST(AvxMatmul, MediumProductsAgainstTheReference) {
  std::mt19937 rng(75);
  const int64_t m = 130, k = 140, n = 150;  // above the threading threshold
  for (int mask : {0, 3}) {
    const HostTensor a = matrix(m, k, random_floats(rng, m * k, -1, 1), mask & 1);
    const HostTensor b = matrix(k, n, random_floats(rng, k * n, -1, 1), mask & 2);
    const strata_matmul_params p = params(1.0, 0.0);
    compare(STRATA_OP_MATMUL, 0, &p, {&a, &b}, {guarded(STRATA_F32, {m, n})}, kMatmul, "medium");
  }
}

// alpha * a @ b in double, a [m, k] and b [k, n] row-major.
std::vector<double> product(const std::vector<float>& a, const std::vector<float>& b, int64_t m,
                            int64_t k, int64_t n) {
  std::vector<double> c(static_cast<size_t>(m * n), 0.0);
  for (int64_t i = 0; i < m; ++i) {
    for (int64_t p = 0; p < k; ++p) {
      const double x = a[i * k + p];
      for (int64_t j = 0; j < n; ++j) c[i * n + j] += x * b[p * n + j];
    }
  }
  return c;
}

TEST(AvxMatmul, LargeProductsAgainstDoublePrecision) {
  std::mt19937 rng(76);
  const int64_t shapes[][3] = {{128, 512, 784}, {300, 260, 520}};  // m, n, k
  for (const auto& s : shapes) {
    const int64_t m = s[0], n = s[1], k = s[2];
    const std::vector<float> av = random_floats(rng, m * k, -1, 1),
                             bv = random_floats(rng, k * n, -1, 1);
    const HostTensor a = matrix(m, k, av, false), b = matrix(k, n, bv, false);
    const strata_matmul_params p = params(1.0, 0.0);
    const Result r = run(avx(), STRATA_OP_MATMUL, 0, &p, {&a, &b}, {guarded(STRATA_F32, {m, n})});
    ASSERT_TRUE(r.status.ok()) << r.status.message;
    EXPECT_LE(nmse(as_doubles(r.outputs[0]), product(av, bv, m, k, n)), 1e-10);
  }
}

TEST(AvxMatmul, MalformedCallsMatchTheReference) {
  const HostTensor a = dense<float>(STRATA_F32, {2, 3}, {1, 2, 3, 4, 5, 6});
  const strata_matmul_params p = params(1, 0);
  compare(STRATA_OP_MATMUL, 0, &p, {&a, &a}, {guarded(STRATA_F32, {2, 3})}, 0, "inner dims");
  compare(STRATA_OP_MATMUL, 0, nullptr, {&a, &a}, {guarded(STRATA_F32, {2, 3})}, 0, "no params");
  const HostTensor v = dense<float>(STRATA_F32, {3}, {1, 2, 3});
  compare(STRATA_OP_MATMUL, 0, &p, {&v, &v}, {guarded(STRATA_F32, {1})}, 0, "rank 1");
  const HostTensor d = dense<double>(STRATA_F64, {2, 2}, {1, 2, 3, 4});
  EXPECT_EQ(supports(avx(), STRATA_OP_MATMUL, 0, &p, {&d, &d}, {guarded(STRATA_F64, {2, 2})}).code,
            STRATA_UNSUPPORTED);
}

}  // namespace
}  // namespace avx_test
