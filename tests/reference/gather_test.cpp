// STRATA_OP_GATHER and STRATA_OP_SCATTER_ADD on the reference backend, against row loops
// written here over plain vectors.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "op_checks.hpp"
#include "reference_harness.hpp"

namespace strata_test {
namespace {

// out[s, :] = table[indices[s], :] over a dense [n, row] table.
std::vector<double> naive_gather(const std::vector<double>& table, int64_t row,
                                 const std::vector<double>& indices) {
  std::vector<double> out;
  for (double i : indices) {
    for (int64_t j = 0; j < row; ++j) out.push_back(table[static_cast<size_t>(i * row + j)]);
  }
  return out;
}

// table[indices[s], :] += updates[s, :], in order.
std::vector<double> naive_scatter_add(std::vector<double> table, int64_t row,
                                      const std::vector<double>& indices,
                                      const std::vector<double>& updates) {
  for (size_t s = 0; s < indices.size(); ++s) {
    for (int64_t j = 0; j < row; ++j) {
      table[static_cast<size_t>(indices[s] * row + j)] += updates[s * row + j];
    }
  }
  return table;
}

CallResult gather(ReferenceHarness& h, const TestTensor& table, const TestTensor& indices,
                  const TestTensor& out) {
  return h.run(STRATA_OP_GATHER, 0, nullptr, {&table, &indices}, {&out});
}

CallResult scatter_add(ReferenceHarness& h, const TestTensor& updates, const TestTensor& indices,
                       const TestTensor& table) {
  return h.run(STRATA_OP_SCATTER_ADD, 0, nullptr, {&updates, &indices}, {&table});
}

// ---- gather ----------------------------------------------------------------------------------

TEST(Gather, RowsByI32AndI64IndicesIntoAGuardedView) {
  ReferenceHarness h;
  const std::vector<double> table_values = random_values(4 * 3, 1);
  const std::vector<double> index_values = {2, 0, 3, 2};  // a repeated row
  for (strata_dtype index_dtype : {STRATA_I32, STRATA_I64}) {
    TestTensor table = h.make(STRATA_F32, {4, 3}, table_values);
    TestTensor indices = h.make(index_dtype, {2, 2}, index_values);
    TestTensor out = guarded_output(h, STRATA_F32, {2, 2, 3});
    ASSERT_TRUE(gather(h, table, indices, out).ok());
    EXPECT_EQ(h.read(out), naive_gather(h.read(table), 3, index_values));
    expect_guards_intact(h, out);
  }
}

TEST(Gather, StridedTableAndIndicesWithTrailingDims) {
  ReferenceHarness h;
  // table [3, 2, 2] stored transposed: element (i, j, k) at 1*i + 3*j + 6*k.
  const std::vector<double> table_values = random_values(12, 2);
  TestTensor table = h.make_view(STRATA_F64, {3, 2, 2}, {1, 3, 6}, 0, 12, table_values);
  // indices [3] at every other element from offset 1.
  TestTensor indices = h.make_view(STRATA_I64, {3}, {2}, 1, 6, {1, 1, 0});
  TestTensor out = guarded_output(h, STRATA_F64, {3, 2, 2});
  ASSERT_TRUE(gather(h, table, indices, out).ok());
  EXPECT_EQ(h.read(out), naive_gather(table_values, 4, {1, 1, 0}));
  expect_guards_intact(h, out);
}

TEST(Gather, EveryTableDtypeCopiesExactly) {
  ReferenceHarness h;
  const std::vector<int64_t> big = {(int64_t{1} << 53) + 1, -((int64_t{1} << 60) + 3)};
  TestTensor table = make_i64(h, {2}, big);
  TestTensor indices = h.make(STRATA_I32, {3}, {1, 0, 1});
  TestTensor out = h.make(STRATA_I64, {3}, {});
  ASSERT_TRUE(gather(h, table, indices, out).ok());
  EXPECT_EQ(read_i64(h, out), (std::vector<int64_t>{big[1], big[0], big[1]}));
  for (strata_dtype dtype : {STRATA_F16, STRATA_BF16, STRATA_I32, STRATA_U8}) {
    TestTensor t = h.make(dtype, {3, 1}, {5, 6, 7});
    TestTensor i = h.make(STRATA_I64, {2}, {2, 0});
    TestTensor o = guarded_output(h, dtype, {2, 1});
    ASSERT_TRUE(gather(h, t, i, o).ok());
    EXPECT_EQ(h.read(o), (std::vector<double>{7, 5}));
    expect_guards_intact(h, o);
  }
}

TEST(Gather, RankZeroIndicesAndEmptyShapes) {
  ReferenceHarness h;
  TestTensor table = h.make(STRATA_F32, {3, 2}, {1, 2, 3, 4, 5, 6});
  TestTensor scalar_index = h.make(STRATA_I32, {}, {1});
  TestTensor row = guarded_output(h, STRATA_F32, {2});
  ASSERT_TRUE(gather(h, table, scalar_index, row).ok());
  EXPECT_EQ(h.read(row), (std::vector<double>{3, 4}));
  expect_guards_intact(h, row);

  TestTensor no_indices = h.make(STRATA_I32, {0}, {});
  TestTensor empty = guarded_output(h, STRATA_F32, {0, 2});
  ASSERT_TRUE(gather(h, table, no_indices, empty).ok());
  expect_guards_intact(h, empty);
}

TEST(Gather, OutOfRangeIndexNamesValuePositionAndN) {
  ReferenceHarness h;
  TestTensor table = h.make(STRATA_F32, {4, 2}, {});
  TestTensor out = guarded_output(h, STRATA_F32, {2, 2, 2});
  TestTensor too_big = h.make(STRATA_I64, {2, 2}, {0, 1, 4, 2});
  expect_error(gather(h, table, too_big, out), STRATA_INVALID_ARGUMENT,
               {"gather", "index 4", "[1,0]", "[0, 4)"});
  TestTensor negative = h.make(STRATA_I32, {2, 2}, {0, -1, 3, 2});
  expect_error(gather(h, table, negative, out), STRATA_INVALID_ARGUMENT, {"index -1", "[0,1]"});
  expect_guards_intact(h, out);
  for (double v : h.read(out)) EXPECT_EQ(v, 1234.5);  // nothing written before the check
  // `supports` looks at metadata only, so it cannot see index values.
  EXPECT_TRUE(h.supports(STRATA_OP_GATHER, 0, nullptr, {&table, &too_big}, {&out}).ok());
}

TEST(Gather, SupportsLooksAtMetadataOnly) {
  ReferenceHarness h;
  TestTensor table = h.make(STRATA_F32, {4, 3}, {});
  TestTensor indices = h.make(STRATA_I32, {2}, {0, 9});
  TestTensor out = h.make(STRATA_F32, {2, 3}, {});
  for (TestTensor* t : {&table, &indices, &out}) t->desc.buffer = nullptr;
  EXPECT_TRUE(h.supports(STRATA_OP_GATHER, 0, nullptr, {&table, &indices}, {&out}).ok());
  EXPECT_TRUE(h.supports(STRATA_OP_SCATTER_ADD, 0, nullptr, {&out, &indices}, {&table}).ok());
  expect_error(gather(h, table, indices, out), STRATA_INVALID_ARGUMENT, {"no buffer"});
  TestTensor bad_out = h.make(STRATA_F32, {2, 2}, {});
  expect_error(h.supports(STRATA_OP_GATHER, 0, nullptr, {&table, &indices}, {&bad_out}),
               STRATA_INVALID_ARGUMENT, {"f32[2,3]", "f32[2,2]"});
}

TEST(Gather, RejectsMalformedCalls) {
  ReferenceHarness h;
  TestTensor table = h.make(STRATA_F32, {4, 3}, {});
  TestTensor indices = h.make(STRATA_I32, {2}, {0, 1});
  TestTensor wrong_out = h.make(STRATA_F32, {2, 4}, {});
  expect_error(gather(h, table, indices, wrong_out), STRATA_INVALID_ARGUMENT,
               {"gather", "f32[4,3]", "i32[2]", "f32[2,3]", "f32[2,4]"});
  TestTensor float_indices = h.make(STRATA_F32, {2}, {0, 1});
  TestTensor out = h.make(STRATA_F32, {2, 3}, {});
  expect_error(gather(h, table, float_indices, out), STRATA_INVALID_ARGUMENT,
               {"i32 or i64", "f32[2]"});
  TestTensor f64_out = h.make(STRATA_F64, {2, 3}, {});
  expect_error(gather(h, table, indices, f64_out), STRATA_INVALID_ARGUMENT,
               {"f32[4,3]", "f64[2,3]", "dtypes differ"});
  TestTensor scalar_table = h.make(STRATA_F32, {}, {1});
  TestTensor scalar_out = h.make(STRATA_F32, {2}, {});
  expect_error(gather(h, scalar_table, indices, scalar_out), STRATA_INVALID_ARGUMENT,
               {"rank >= 1"});
}

// ---- scatter_add -----------------------------------------------------------------------------

TEST(ScatterAdd, RepeatedIndicesAccumulateOntoTheTable) {
  ReferenceHarness h;
  const std::vector<double> start = random_values(5 * 2, 3);
  const std::vector<double> updates_values = random_values(4 * 2, 4);
  const std::vector<double> index_values = {3, 0, 3, 3};
  TestTensor table = h.make(STRATA_F64, {5, 2}, start);
  TestTensor updates = h.make(STRATA_F64, {4, 2}, updates_values);
  TestTensor indices = h.make(STRATA_I64, {4}, index_values);
  ASSERT_TRUE(scatter_add(h, updates, indices, table).ok());
  expect_all_near(h.read(table), naive_scatter_add(start, 2, index_values, updates_values), 1e-15);
}

TEST(ScatterAdd, StridedUpdatesIntoAGuardedTable) {
  ReferenceHarness h;
  // updates [2, 2, 3] (S = [2, 2]) stored transposed; the table is a view with guards.
  const std::vector<double> updates_values = random_values(12, 5);
  TestTensor updates = h.make_view(STRATA_F32, {2, 2, 3}, {1, 2, 4}, 0, 12, updates_values);
  const std::vector<double> index_values = {1, 1, 0, 1};
  TestTensor indices = h.make(STRATA_I32, {2, 2}, index_values);
  TestTensor table = guarded_output(h, STRATA_F32, {3, 3});
  strata_fill_params half{sizeof half, 0.5};
  ASSERT_TRUE(h.run(STRATA_OP_FILL, 0, &half, {}, {&table}).ok());
  ASSERT_TRUE(scatter_add(h, updates, indices, table).ok());
  const auto expected =
      naive_scatter_add(std::vector<double>(9, 0.5), 3, index_values, h.read(updates));
  expect_all_near(h.read(table), expected, 1e-6);
  expect_guards_intact(h, table);
  EXPECT_EQ(h.read(table)[6], 0.5);  // row 2 untouched
}

TEST(ScatterAdd, FloatSumsRoundOnce) {
  ReferenceHarness h;
  // Added one by one in f32, each 2^-24 is a tie that rounds back to 1; summed first and
  // rounded once, the two make 1 + 2^-23, which f32 holds exactly.
  const double tiny = std::ldexp(1.0, -24);
  TestTensor table = h.make(STRATA_F32, {1}, {1.0});
  TestTensor updates = h.make(STRATA_F32, {2}, {tiny, tiny});
  TestTensor indices = h.make(STRATA_I32, {2}, {0, 0});
  ASSERT_TRUE(scatter_add(h, updates, indices, table).ok());
  EXPECT_EQ(h.read(table), std::vector<double>{1 + std::ldexp(1.0, -23)});
}

TEST(ScatterAdd, IntegerTablesAreExactAndSaturate) {
  ReferenceHarness h;
  const int64_t two53 = int64_t{1} << 53;
  // 2^53 + 1 is not a double: a sum through double would lose the odd 1.
  TestTensor table = make_i64(h, {2}, {two53 + 1, std::numeric_limits<int64_t>::max() - 1});
  TestTensor updates = make_i64(h, {3}, {1, 5, 1});
  TestTensor indices = h.make(STRATA_I32, {3}, {0, 1, 0});
  ASSERT_TRUE(scatter_add(h, updates, indices, table).ok());
  EXPECT_EQ(read_i64(h, table),
            (std::vector<int64_t>{two53 + 3, std::numeric_limits<int64_t>::max()}));

  TestTensor small = h.make(STRATA_I32, {2, 1}, {2147483640, -5});
  TestTensor adds = h.make(STRATA_I32, {2, 1}, {100, -3});
  TestTensor where = h.make(STRATA_I64, {2}, {0, 1});
  ASSERT_TRUE(scatter_add(h, adds, where, small).ok());
  EXPECT_EQ(h.read(small), (std::vector<double>{2147483647, -8}));

  TestTensor bytes = h.make(STRATA_U8, {1}, {250});
  TestTensor byte_adds = h.make(STRATA_U8, {2}, {10, 1});
  TestTensor both_zero = h.make(STRATA_I32, {2}, {0, 0});
  ASSERT_TRUE(scatter_add(h, byte_adds, both_zero, bytes).ok());
  EXPECT_EQ(h.read(bytes), std::vector<double>{255});
}

TEST(ScatterAdd, HalfPrecisionTables) {
  ReferenceHarness h;
  for (strata_dtype dtype : {STRATA_F16, STRATA_BF16}) {
    TestTensor table = h.make(dtype, {2, 2}, {1, 2, 3, 4});
    TestTensor updates = h.make(dtype, {2, 2}, {0.5, 0.25, 0.5, 0.25});
    TestTensor indices = h.make(STRATA_I32, {2}, {1, 1});
    ASSERT_TRUE(scatter_add(h, updates, indices, table).ok());
    EXPECT_EQ(h.read(table), (std::vector<double>{1, 2, 4, 4.5}));
  }
}

TEST(ScatterAdd, OutOfRangeLeavesTheTableUntouched) {
  ReferenceHarness h;
  TestTensor table = guarded_output(h, STRATA_F32, {3, 2});
  TestTensor updates = h.make(STRATA_F32, {2, 2}, {1, 1, 1, 1});
  TestTensor indices = h.make(STRATA_I32, {2}, {0, 3});
  expect_error(scatter_add(h, updates, indices, table), STRATA_INVALID_ARGUMENT,
               {"scatter_add", "index 3", "[1]", "[0, 3)"});
  for (double v : h.read(table)) EXPECT_EQ(v, 1234.5);
  expect_guards_intact(h, table);
}

TEST(ScatterAdd, RejectsMalformedCalls) {
  ReferenceHarness h;
  TestTensor table = h.make(STRATA_F32, {4, 3}, {});
  TestTensor indices = h.make(STRATA_I64, {2}, {0, 1});
  TestTensor wrong_updates = h.make(STRATA_F32, {2, 2}, {});
  expect_error(scatter_add(h, wrong_updates, indices, table), STRATA_INVALID_ARGUMENT,
               {"scatter_add", "updates", "f32[2,3]", "f32[2,2]"});
  TestTensor long_updates = h.make(STRATA_F32, {3, 3}, {});
  expect_error(scatter_add(h, long_updates, indices, table), STRATA_INVALID_ARGUMENT,
               {"i64[2]", "f32[3,3]"});
  TestTensor i32_updates = h.make(STRATA_I32, {2, 3}, {});
  expect_error(scatter_add(h, i32_updates, indices, table), STRATA_INVALID_ARGUMENT,
               {"dtypes differ"});
}

TEST(ScatterAdd, EmptyUpdatesChangeNothing) {
  ReferenceHarness h;
  TestTensor table = guarded_output(h, STRATA_F64, {2, 2});
  TestTensor updates = h.make(STRATA_F64, {0, 2}, {});
  TestTensor indices = h.make(STRATA_I32, {0}, {});
  ASSERT_TRUE(scatter_add(h, updates, indices, table).ok());
  for (double v : h.read(table)) EXPECT_EQ(v, 1234.5);
  expect_guards_intact(h, table);
}

}  // namespace
}  // namespace strata_test
