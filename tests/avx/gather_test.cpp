// STRATA_OP_GATHER and STRATA_OP_SCATTER_ADD: rows by index with repeated indices, strided
// tables and index tensors, integer saturation of the accumulated rows, and the index checks.
#include <gtest/gtest.h>

#include <limits>

#include "plugin_pair.hpp"

namespace avx_test {
namespace {

TEST(AvxGather, RowsOfEveryDtype) {
  std::mt19937 rng(30);
  const HostTensor f = dense<float>(STRATA_F32, {50, 3, 4}, random_floats(rng, 600, -1, 1));
  const HostTensor idx = dense<int64_t>(STRATA_I64, {2, 7}, random_ints<int64_t>(rng, 14, 0, 49));
  compare(STRATA_OP_GATHER, 0, nullptr, {&f, &idx}, {guarded(STRATA_F32, {2, 7, 3, 4})}, 0, "f32");
  const HostTensor u = dense<uint8_t>(STRATA_U8, {50}, random_ints<uint8_t>(rng, 50, 0, 255));
  const HostTensor idx32 = dense<int32_t>(STRATA_I32, {9}, random_ints<int32_t>(rng, 9, 0, 49));
  compare(STRATA_OP_GATHER, 0, nullptr, {&u, &idx32}, {guarded(STRATA_U8, {9})}, 0, "u8 scalars");
  HostTensor h = dense<uint16_t>(STRATA_F16, {50, 2}, random_ints<uint16_t>(rng, 100, 0, 65535));
  compare(STRATA_OP_GATHER, 0, nullptr, {&h, &idx32}, {guarded(STRATA_F16, {9, 2})}, 0, "f16 bits");
}

TEST(AvxGather, StridedTableAndScalarIndex) {
  std::mt19937 rng(31);
  // A transposed table [40, 6] and an index tensor that broadcasts one index.
  const HostTensor t =
      view<float>(STRATA_F32, {40, 6}, {1, 40}, 0, 240, random_floats(rng, 240, -1, 1));
  const HostTensor idx = view<int32_t>(STRATA_I32, {3, 2}, {0, 1}, 0, 2, {5, 39});
  compare(STRATA_OP_GATHER, 0, nullptr, {&t, &idx}, {guarded(STRATA_F32, {3, 2, 6})}, 0, "strided");
  const HostTensor one = dense<int64_t>(STRATA_I64, {}, {17});
  compare(STRATA_OP_GATHER, 0, nullptr, {&t, &one}, {guarded(STRATA_F32, {6})}, 0, "rank-0 index");
}

TEST(AvxGather, LargeEmbeddingLookup) {
  std::mt19937 rng(32);
  const HostTensor table = dense<float>(STRATA_F32, {1000, 64}, random_floats(rng, 64000, -1, 1));
  const HostTensor idx =
      dense<int32_t>(STRATA_I32, {32, 40}, random_ints<int32_t>(rng, 1280, 0, 999));
  compare(STRATA_OP_GATHER, 0, nullptr, {&table, &idx}, {guarded(STRATA_F32, {32, 40, 64})}, 0,
          "embedding");
}

TEST(AvxGather, OutOfRangeIndexIsRejectedBeforeWriting) {
  const HostTensor table = dense<float>(STRATA_F32, {4, 2}, {1, 2, 3, 4, 5, 6, 7, 8});
  for (int64_t bad : {-1, 4}) {
    const HostTensor idx = dense<int64_t>(STRATA_I64, {2, 2}, {0, 1, bad, 2});
    const Result r = compare(STRATA_OP_GATHER, 0, nullptr, {&table, &idx},
                             {guarded(STRATA_F32, {2, 2, 2})}, 0, "bad index");
    EXPECT_EQ(r.status.code, STRATA_INVALID_ARGUMENT);
    EXPECT_NE(r.status.message.find("position [1,0]"), std::string::npos) << r.status.message;
    const HostTensor untouched = guarded(STRATA_F32, {2, 2, 2});
    EXPECT_EQ(r.outputs[0].bytes, untouched.bytes);
  }
  const HostTensor f_idx = dense<float>(STRATA_F32, {2}, {0, 1});
  compare(STRATA_OP_GATHER, 0, nullptr, {&table, &f_idx}, {guarded(STRATA_F32, {2, 2})}, 0,
          "float indices");
}

TEST(AvxScatterAdd, RepeatedIndicesAccumulate) {
  std::mt19937 rng(33);
  const HostTensor updates = dense<float>(STRATA_F32, {300, 5}, random_floats(rng, 1500, -1, 1));
  const HostTensor idx = dense<int32_t>(STRATA_I32, {300}, random_ints<int32_t>(rng, 300, 0, 9));
  const HostTensor table = dense<float>(STRATA_F32, {10, 5}, random_floats(rng, 50, -1, 1));
  compare(STRATA_OP_SCATTER_ADD, 0, nullptr, {&updates, &idx}, {table}, kElementwise, "f32");
  // Into a strided table inside a guarded buffer.
  HostTensor strided = guarded(STRATA_F32, {10, 5});
  for (int64_t p : strided.positions()) {
    const float v = 0.25f * static_cast<float>(p % 7);
    std::memcpy(strided.bytes.data() + p * 4, &v, 4);
  }
  compare(STRATA_OP_SCATTER_ADD, 0, nullptr, {&updates, &idx}, {strided}, kElementwise,
          "strided table");
}

TEST(AvxScatterAdd, LargeGradientOfAnEmbedding) {
  std::mt19937 rng(34);
  const HostTensor updates = dense<float>(STRATA_F32, {2000, 32}, random_floats(rng, 64000, -1, 1));
  const HostTensor idx =
      dense<int64_t>(STRATA_I64, {2000}, random_ints<int64_t>(rng, 2000, 0, 499));
  const HostTensor table = dense<float>(STRATA_F32, {500, 32}, random_floats(rng, 16000, -1, 1));
  compare(STRATA_OP_SCATTER_ADD, 0, nullptr, {&updates, &idx}, {table}, kElementwise, "large");
}

template <typename T>
void check_integer_scatter(strata_dtype dtype) {
  using L = std::numeric_limits<T>;
  // Row 0 overflows on the way and comes back: an exact sum saturates only at the end.
  const HostTensor updates =
      dense<T>(dtype, {4, 2}, {L::max(), 1, L::max(), 2, 0, 3, static_cast<T>(L::min() / 2), 4});
  const HostTensor idx = dense<int32_t>(STRATA_I32, {4}, {0, 0, 1, 0});
  const HostTensor table = dense<T>(dtype, {2, 2}, {static_cast<T>(L::min() / 2 + 1), 5, 7, 9});
  compare(STRATA_OP_SCATTER_ADD, 0, nullptr, {&updates, &idx}, {table}, 0, "integers");
}

TEST(AvxScatterAdd, IntegersSumExactlyAndSaturateOnce) {
  check_integer_scatter<int32_t>(STRATA_I32);
  check_integer_scatter<int64_t>(STRATA_I64);
  check_integer_scatter<uint8_t>(STRATA_U8);
}

TEST(AvxScatterAdd, BadIndexLeavesTheTable) {
  const HostTensor updates = dense<float>(STRATA_F32, {2, 2}, {1, 2, 3, 4});
  const HostTensor idx = dense<int32_t>(STRATA_I32, {2}, {1, 7});
  const HostTensor table = dense<float>(STRATA_F32, {3, 2}, {0, 0, 0, 0, 0, 0});
  const Result r = compare(STRATA_OP_SCATTER_ADD, 0, nullptr, {&updates, &idx}, {table}, 0, "bad");
  EXPECT_EQ(r.status.code, STRATA_INVALID_ARGUMENT);
  EXPECT_EQ(r.outputs[0].bytes, table.bytes);
}

}  // namespace
}  // namespace avx_test
