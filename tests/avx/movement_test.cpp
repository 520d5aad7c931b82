// STRATA_OP_FILL, STRATA_OP_COPY, STRATA_OP_CAST and STRATA_OP_WHERE: every dtype the AVX backend
// takes, strided, broadcast, offset, empty and rank-0 views, and the conversion edge cases
// (NaN, out of range, i64 beyond 2^53).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "plugin_pair.hpp"

namespace avx_test {
namespace {

const strata_dtype kValueDtypes[] = {STRATA_F32, STRATA_F64, STRATA_I32, STRATA_I64, STRATA_U8};

TEST(AvxFill, EveryValueDtypeAndView) {
  const double values[] = {2.75, -3.5, 1e10, -1e10, NAN, 300.0, -0.9};
  for (strata_dtype d : kValueDtypes) {
    for (double v : values) {
      const strata_fill_params p{sizeof p, v};
      compare(STRATA_OP_FILL, 0, &p, {}, {guarded(d, {3, 4, 5})}, 0, "fill");
      compare(STRATA_OP_FILL, 0, &p, {}, {guarded(d, {})}, 0, "fill rank 0");
      compare(STRATA_OP_FILL, 0, &p, {}, {guarded(d, {2, 0})}, 0, "fill empty");
    }
  }
  const strata_fill_params p{sizeof p, 1.5};
  compare(STRATA_OP_FILL, 0, &p, {}, {guarded(STRATA_F32, {70000})}, 0, "fill large");
  compare(STRATA_OP_FILL, 0, nullptr, {}, {guarded(STRATA_F32, {3})}, 0, "fill without params");
  EXPECT_EQ(supports(avx(), STRATA_OP_FILL, 0, &p, {}, {guarded(STRATA_F16, {3})}).code,
            STRATA_UNSUPPORTED);
}

TEST(AvxCopy, EveryDtypeThroughViews) {
  std::mt19937 rng(20);
  const strata_dtype dtypes[] = {STRATA_F32, STRATA_F64, STRATA_F16, STRATA_BF16,
                                 STRATA_I32, STRATA_I64, STRATA_U8};
  for (strata_dtype d : dtypes) {
    // Bytes are bytes: fill the source with random bit patterns of the element size.
    const size_t size = dtype_bytes(d);
    HostTensor src = view<uint8_t>(STRATA_U8, {6, 5}, {1, 6}, 1, 31 * size, {});
    src.dtype = d;
    src.bytes.resize(31 * size);
    for (auto& b : src.bytes) b = static_cast<std::byte>(rng());
    compare(STRATA_OP_COPY, 0, nullptr, {&src}, {guarded(d, {6, 5})}, 0, "transposing copy");
    HostTensor row = src;
    row.shape = {4, 5};
    row.strides = {0, 1};  // one row broadcast
    compare(STRATA_OP_COPY, 0, nullptr, {&row}, {guarded(d, {4, 5})}, 0, "broadcast copy");
  }
  const HostTensor big = dense<float>(STRATA_F32, {300, 400}, random_floats(rng, 120000, -1, 1));
  HostTensor transposed = big;
  transposed.shape = {400, 300};
  transposed.strides = {1, 400};
  compare(STRATA_OP_COPY, 0, nullptr, {&transposed}, {guarded(STRATA_F32, {400, 300})}, 0,
          "large transpose");
  compare(STRATA_OP_COPY, 0, nullptr, {&big}, {guarded(STRATA_I32, {300, 400})}, 0,
          "dtype mismatch");
}

// Values that stress each conversion, for any source dtype.
template <typename T>
std::vector<T> conversion_values() {
  if constexpr (std::is_floating_point_v<T>) {
    return {0,       -0.0,  1.5, -1.5,     2.5,       255.9,        256,           -0.7,
            1e10,    -1e10, NAN, INFINITY, -INFINITY, 2147483647.0, -2147483649.0, 9.3e18,
            -9.3e18, 1e-40, 0.5, 3.3e38};
  } else {
    using L = std::numeric_limits<T>;
    return {0,
            1,
            L::max(),
            L::min(),
            static_cast<T>(L::max() - 1),
            255,
            static_cast<T>(127),
            static_cast<T>(L::max() / 3),
            static_cast<T>(L::min() / 3)};
  }
}

template <typename T>
void check_casts_from(strata_dtype from) {
  const std::vector<T> values = conversion_values<T>();
  const int64_t n = static_cast<int64_t>(values.size());
  const HostTensor src = dense<T>(from, {n}, values);
  for (strata_dtype to : kValueDtypes) {
    compare(STRATA_OP_CAST, 0, nullptr, {&src}, {guarded(to, {n})}, 0,
            "cast " + std::to_string(from) + " -> " + std::to_string(to));
  }
}

TEST(AvxCast, EveryPairOfValueDtypes) {
  check_casts_from<float>(STRATA_F32);
  check_casts_from<double>(STRATA_F64);
  check_casts_from<int32_t>(STRATA_I32);
  check_casts_from<int64_t>(STRATA_I64);
  check_casts_from<uint8_t>(STRATA_U8);
}

TEST(AvxCast, Int64BeyondDoublePrecisionRoundsOnce) {
  // 2^60 + 2^36 + 1 is not a double: a cast that rounds twice lands on the wrong float.
  const std::vector<int64_t> values = {(int64_t{1} << 60) + (int64_t{1} << 36) + 1,
                                       -((int64_t{1} << 58) + (int64_t{1} << 34) + 3)};
  const HostTensor src = dense<int64_t>(STRATA_I64, {2}, values);
  compare(STRATA_OP_CAST, 0, nullptr, {&src}, {guarded(STRATA_F32, {2})}, 0, "i64 -> f32");
}

TEST(AvxCast, StridedLargeAndHalfPrecision) {
  std::mt19937 rng(21);
  const HostTensor src = view<float>(STRATA_F32, {256, 300}, {1, 256}, 0, 256 * 300,
                                     random_floats(rng, 256 * 300, -300, 300));
  compare(STRATA_OP_CAST, 0, nullptr, {&src}, {guarded(STRATA_I32, {256, 300})}, 0, "large");
  compare(STRATA_OP_CAST, 0, nullptr, {&src}, {guarded(STRATA_U8, {256, 300})}, 0, "large u8");
  EXPECT_EQ(
      supports(avx(), STRATA_OP_CAST, 0, nullptr, {&src}, {guarded(STRATA_BF16, {256, 300})}).code,
      STRATA_UNSUPPORTED);
}

TEST(AvxWhere, EveryDtypeAndBroadcast) {
  std::mt19937 rng(22);
  const int64_t n = 1001;
  const HostTensor cond = dense<uint8_t>(STRATA_U8, {n}, random_ints<uint8_t>(rng, n, 0, 3));
  const HostTensor f1 = dense<float>(STRATA_F32, {n}, random_floats(rng, n, -1, 1));
  const HostTensor f2 = view<float>(STRATA_F32, {n}, {0}, 0, 1, {NAN});
  compare(STRATA_OP_WHERE, 0, nullptr, {&cond, &f1, &f2}, {guarded(STRATA_F32, {n})}, 0, "f32");
  const HostTensor i1 = dense<int64_t>(STRATA_I64, {n}, random_ints<int64_t>(rng, n, -9, 9));
  const HostTensor i2 = dense<int64_t>(STRATA_I64, {n}, random_ints<int64_t>(rng, n, -9, 9));
  compare(STRATA_OP_WHERE, 0, nullptr, {&cond, &i1, &i2}, {guarded(STRATA_I64, {n})}, 0, "i64");
  const HostTensor u1 = dense<uint8_t>(STRATA_U8, {n}, random_ints<uint8_t>(rng, n, 0, 200));
  compare(STRATA_OP_WHERE, 0, nullptr, {&cond, &u1, &cond}, {guarded(STRATA_U8, {n})}, 0, "u8");
  // A column of conditions broadcast across a strided matrix.
  const HostTensor column =
      view<uint8_t>(STRATA_U8, {40, 30}, {1, 0}, 0, 40, random_ints<uint8_t>(rng, 40, 0, 1));
  const HostTensor m1 =
      view<float>(STRATA_F32, {40, 30}, {1, 40}, 0, 1200, random_floats(rng, 1200, -1, 1));
  const HostTensor m2 = dense<float>(STRATA_F32, {40, 30}, random_floats(rng, 1200, -1, 1));
  compare(STRATA_OP_WHERE, 0, nullptr, {&column, &m1, &m2}, {guarded(STRATA_F32, {40, 30})}, 0,
          "broadcast condition");
  compare(STRATA_OP_WHERE, 0, nullptr, {&f1, &f1, &f1}, {guarded(STRATA_F32, {n})}, 0,
          "f32 condition");
}

}  // namespace
}  // namespace avx_test
