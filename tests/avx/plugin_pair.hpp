// Driving the AVX backend and the reference backend side by side through the raw ABI: the same
// input bytes go to both, and the AVX results are judged against the reference's with the
// conformance bounds (DESIGN.md): NMSE 1e-7 elementwise, 5e-4 matmul and convolution, exact
// for integers; NaN and infinities must agree; nothing outside an output view may change.
#pragma once

#include <gtest/gtest.h>
#include <strata/backend.h>

#include <boost/dll/shared_library.hpp>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace avx_test {

// The outcome of one ABI call: code and message (empty on success).
struct Status {
  strata_status_code code = STRATA_OK;
  std::string message;
  bool ok() const { return code == STRATA_OK; }
};

// One plugin file, loaded, with one instance.
class Plugin {
 public:
  explicit Plugin(const std::string& file, const strata_instance_options* options = nullptr);
  ~Plugin();
  Plugin(const Plugin&) = delete;
  Plugin& operator=(const Plugin&) = delete;

  const strata_backend_api& api() const { return *api_; }
  strata_instance* instance() const { return instance_; }
  Status take(strata_error* err) const;  // converts and destroys an error

 private:
  boost::dll::shared_library library_;
  const strata_backend_api* api_ = nullptr;
  strata_instance* instance_ = nullptr;
};

std::string avx_plugin_file();
std::string reference_plugin_file();

size_t dtype_bytes(strata_dtype dtype);

// A tensor on the host: a whole buffer's bytes and a view into it (strides and offset in
// elements), the way a test builds it once and hands it to both plugins.
struct HostTensor {
  strata_dtype dtype = STRATA_F32;
  std::vector<int64_t> shape, strides;
  int64_t offset = 0;
  std::vector<std::byte> bytes;

  int64_t count() const;
  // The buffer element of each view element, in row-major order.
  std::vector<int64_t> positions() const;
  // The view's elements in row-major order.
  template <typename T>
  std::vector<T> values() const {
    std::vector<T> out;
    for (int64_t p : positions()) {
      T v;
      std::memcpy(&v, bytes.data() + p * sizeof(T), sizeof(T));
      out.push_back(v);
    }
    return out;
  }
};

// Row-major strides of `shape`.
std::vector<int64_t> dense_strides(const std::vector<int64_t>& shape);

// A view of `shape` with the given strides and element offset in a buffer of
// `buffer_elements` elements, all first set to `fill`'s bytes. `values` are the view's elements
// in row-major order, or, for a view that repeats elements (stride 0), the whole buffer's
// (empty: leave the fill).
template <typename T>
HostTensor view(strata_dtype dtype, std::vector<int64_t> shape, std::vector<int64_t> strides,
                int64_t offset, int64_t buffer_elements, const std::vector<T>& values,
                T fill = T{}) {
  HostTensor t{dtype, std::move(shape), std::move(strides), offset, {}};
  t.bytes.resize(static_cast<size_t>(buffer_elements) * sizeof(T));
  for (int64_t i = 0; i < buffer_elements; ++i)
    std::memcpy(t.bytes.data() + i * sizeof(T), &fill, sizeof(T));
  const std::vector<int64_t> pos = t.positions();
  if (values.size() == pos.size()) {
    for (size_t i = 0; i < pos.size(); ++i) {
      std::memcpy(t.bytes.data() + pos[i] * sizeof(T), &values[i], sizeof(T));
    }
  } else if (static_cast<int64_t>(values.size()) == buffer_elements) {
    std::memcpy(t.bytes.data(), values.data(), values.size() * sizeof(T));
  } else if (!values.empty()) {
    throw std::invalid_argument("view: values fit neither the view nor the buffer");
  }
  return t;
}

// A contiguous row-major tensor holding `values`.
template <typename T>
HostTensor dense(strata_dtype dtype, const std::vector<int64_t>& shape,
                 const std::vector<T>& values) {
  int64_t n = 1;
  for (int64_t s : shape) n *= s;
  return view<T>(dtype, shape, dense_strides(shape), 0, n, values);
}

// An output of `shape` inside a larger buffer: two elements before it, one between
// consecutive rows of every axis, three after; every byte starts as 0xFF (NaN for floats, -1 or
// 255 for integers), so writes outside the view, and reads of an output that must only be
// written, show.
HostTensor guarded(strata_dtype dtype, const std::vector<int64_t>& shape);

// Runs one op on `plugin`: uploads every tensor's whole buffer, executes, reads the outputs'
// buffers back.
struct Result {
  Status status;
  std::vector<HostTensor> outputs;
};
Result run(const Plugin& plugin, strata_op op, int32_t sub_op, const void* params,
           const std::vector<const HostTensor*>& inputs, const std::vector<HostTensor>& outputs);
// The `supports` slot for the same call.
Status supports(const Plugin& plugin, strata_op op, int32_t sub_op, const void* params,
                const std::vector<const HostTensor*>& inputs,
                const std::vector<HostTensor>& outputs);

// Normalised mean squared error sum((a-b)^2)/sum(b^2), b the expectation (0 when both are 0).
double nmse(const std::vector<double>& actual, const std::vector<double>& expected);

// The view's elements as doubles (any dtype but f16/bf16).
std::vector<double> as_doubles(const HostTensor& t);

// Expects `actual` (the AVX output) to match `expected` (the reference's): bit for bit when
// `bound` is 0 (integers, copies, conversions), else f32/f64 values with NaN and infinities
// agreeing and the NMSE within `bound`; `initial` is the buffer both started from, whose bytes
// outside the view must be untouched.
void expect_match(const HostTensor& initial, const HostTensor& actual, const HostTensor& expected,
                  double bound, const std::string& what);

// The conformance bounds.
constexpr double kElementwise = 1e-7;
constexpr double kMatmul = 5e-4;

// Both plugins, loaded once per process.
const Plugin& avx();
const Plugin& reference();

// Runs the call on both plugins; expects the same status code and, on success, every output to
// match (see expect_match). Returns the AVX result.
Result compare(strata_op op, int32_t sub_op, const void* params,
               const std::vector<const HostTensor*>& inputs, const std::vector<HostTensor>& outputs,
               double bound, const std::string& what);

// Seeded random data.
std::vector<float> random_floats(std::mt19937& rng, int64_t n, float lo, float hi);
template <typename T>
std::vector<T> random_ints(std::mt19937& rng, int64_t n, int64_t lo, int64_t hi) {
  std::uniform_int_distribution<int64_t> dist(lo, hi);
  std::vector<T> v(static_cast<size_t>(n));
  for (T& x : v) x = static_cast<T>(dist(rng));
  return v;
}

}  // namespace avx_test
