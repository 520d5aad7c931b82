// Checks shared by the reference backend's data-movement, elementwise and reduction tests:
// guarded output views, error expectations, tolerances per dtype, and raw 64-bit integers
// (the harness moves values as doubles, which are exact only up to 2^53).
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <random>
#include <string>
#include <vector>

#include "reference_harness.hpp"

namespace strata_test {

// A value every test output avoids, exact in its dtype, left in the buffer around a view.
inline double sentinel_for(strata_dtype dtype) {
  switch (dtype) {
    case STRATA_F32:
    case STRATA_F64:
      return 1234.5;
    case STRATA_F16:
    case STRATA_BF16:
      return -88.0;
    case STRATA_U8:
      return 77;
    default:
      return -777;
  }
}

// Element positions of t's view within its buffer, in row-major logical order.
inline std::vector<int64_t> view_positions(const TestTensor& t) {
  std::vector<int64_t> positions;
  const int rank = t.desc.rank;
  int64_t count = 1;
  for (int k = 0; k < rank; ++k) count *= t.desc.shape[k];
  int64_t index[STRATA_MAX_RANK] = {};
  const int64_t base = static_cast<int64_t>(t.desc.byte_offset / dtype_bytes(t.desc.dtype));
  for (int64_t i = 0; i < count; ++i) {
    int64_t pos = base;
    for (int k = 0; k < rank; ++k) pos += index[k] * t.desc.strides[k];
    positions.push_back(pos);
    for (int k = rank; k-- > 0;) {
      if (++index[k] < t.desc.shape[k]) break;
      index[k] = 0;
    }
  }
  return positions;
}

// An output view of `shape` inside a larger buffer of sentinels: two elements before it, one
// between consecutive rows of every axis, three after it.
inline TestTensor guarded_output(ReferenceHarness& h, strata_dtype dtype,
                                 const std::vector<int64_t>& shape) {
  const size_t rank = shape.size();
  std::vector<int64_t> strides(rank);
  int64_t span = 1;
  for (size_t k = rank; k-- > 0;) {
    strides[k] = k + 1 == rank ? 1 : strides[k + 1] * shape[k + 1] + 1;
    span += std::max<int64_t>(shape[k] - 1, 0) * strides[k];
  }
  return h.make_view(dtype, shape, strides, 2, 2 + span + 3, {}, sentinel_for(dtype));
}

// Every element of t's buffer outside its view still holds the sentinel.
inline void expect_guards_intact(ReferenceHarness& h, const TestTensor& t) {
  const std::vector<double> all = h.read_buffer(t);
  std::vector<bool> inside(all.size(), false);
  for (int64_t pos : view_positions(t)) inside[static_cast<size_t>(pos)] = true;
  for (size_t i = 0; i < all.size(); ++i) {
    if (!inside[i]) {
      EXPECT_EQ(all[i], sentinel_for(t.desc.dtype)) << "guard element " << i;
    }
  }
}

// The call failed with `code` and its message contains every one of `parts`.
inline void expect_error(const CallResult& r, strata_status_code code,
                         std::initializer_list<std::string> parts) {
  EXPECT_EQ(r.code, code) << r.message;
  for (const std::string& part : parts) {
    EXPECT_NE(r.message.find(part), std::string::npos) << "'" << part << "' not in: " << r.message;
  }
}

inline std::vector<double> random_values(size_t n, unsigned seed, double low = -1.0,
                                         double high = 1.0) {
  std::mt19937 gen(seed);
  std::uniform_real_distribution<double> dist(low, high);
  std::vector<double> v(n);
  for (double& x : v) x = dist(gen);
  return v;
}

// Relative error bound of one rounding to the dtype, with a margin: the expectation is
// computed in double from the inputs as stored, so only the output's rounding differs.
inline double rounding_tolerance(strata_dtype dtype) {
  switch (dtype) {
    case STRATA_F64:
      return 1e-13;
    case STRATA_F32:
      return 1e-6;
    case STRATA_F16:
      return 1e-3;
    case STRATA_BF16:
      return 8e-3;
    default:
      return 0;
  }
}

// |actual - expected| <= relative * |expected| + absolute, NaN matching NaN and infinities
// matching exactly.
inline void expect_all_near(const std::vector<double>& actual, const std::vector<double>& expected,
                            double relative, double absolute = 0) {
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t i = 0; i < actual.size(); ++i) {
    const double a = actual[i], e = expected[i];
    if (std::isnan(e) || std::isinf(e)) {
      EXPECT_TRUE(std::isnan(e) ? std::isnan(a) : a == e)
          << "element " << i << ": " << a << " vs " << e;
    } else {
      EXPECT_NEAR(a, e, relative * std::fabs(e) + absolute) << "element " << i;
    }
  }
}

// A contiguous I64 tensor holding `values` bit for bit.
inline TestTensor make_i64(ReferenceHarness& h, std::vector<int64_t> shape,
                           const std::vector<int64_t>& values) {
  TestTensor t = h.make(STRATA_I64, shape, {});
  CallResult r = h.take(h.api().buffer_write(h.instance(), t.buffer, 0, values.data(),
                                             values.size() * sizeof(int64_t)));
  EXPECT_TRUE(r.ok()) << r.message;
  return t;
}

// The I64 view's elements in row-major order, bit for bit.
inline std::vector<int64_t> read_i64(ReferenceHarness& h, const TestTensor& t) {
  std::vector<int64_t> all(t.buffer_bytes / sizeof(int64_t));
  CallResult r = h.take(
      h.api().buffer_read(h.instance(), t.buffer, 0, all.data(), all.size() * sizeof(int64_t)));
  EXPECT_TRUE(r.ok()) << r.message;
  std::vector<int64_t> values;
  for (int64_t pos : view_positions(t)) values.push_back(all[static_cast<size_t>(pos)]);
  return values;
}

}  // namespace strata_test
