// Drives the Vulkan plugin and the reference plugin side by side through the core's Backend
// wrapper: the same op on the same bytes in both, then the outputs compared by the bounds of
// DESIGN.md ("Conformance"). Tests skip, with the probe's reason, where Vulkan cannot run.
#pragma once

#include <gtest/gtest.h>
#include <strata/backend.h>

#include <boost/json/object.hpp>
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "strata/backend.hpp"
#include "strata/plugin.hpp"

namespace strata_vk_test {

using Bytes = std::vector<std::byte>;

// The plugins under test, loaded once per process.
const strata::Plugin& vulkan_plugin();
const strata::Plugin& reference_plugin();

// Why Vulkan cannot run here, or "" when it can.
const std::string& vulkan_unavailable();

#define SKIP_WITHOUT_VULKAN()                                                                \
  do {                                                                                       \
    if (!::strata_vk_test::vulkan_unavailable().empty()) {                                   \
      GTEST_SKIP() << "no usable Vulkan device: " << ::strata_vk_test::vulkan_unavailable(); \
    }                                                                                        \
  } while (0)

// Instances shared by the tests of one process (pipelines are compiled once per instance).
strata::Backend& vulkan();
strata::Backend& reference();
// The plugin's own execute slot, throwing BackendError as Backend::execute does but without the
// core's descriptor check in front of it, so malformed calls reach the plugin's own validation.
void plugin_execute(strata::Backend& backend, const strata_op_call& call);
// A fresh Vulkan instance with these settings (throws strata::BackendError).
strata::Backend make_vulkan(const boost::json::object& settings);

size_t dtype_bytes(strata_dtype dtype);
bool is_float_dtype(strata_dtype dtype);

// Element `i` of a buffer of `dtype`, as a double (integers exactly up to 2^53).
double element(strata_dtype dtype, const Bytes& bytes, int64_t i);
// The same for 64-bit integers, exactly.
int64_t int_element(strata_dtype dtype, const Bytes& bytes, int64_t i);
// `values` encoded as `dtype` (floats rounded toward zero to 16-bit kinds; integers cast).
Bytes encode(strata_dtype dtype, const std::vector<double>& values);

// A tensor view inside a buffer of `buffer_elements` elements.
struct View {
  strata_dtype dtype = STRATA_F32;
  std::vector<int64_t> shape;
  std::vector<int64_t> strides;
  int64_t offset = 0;  // elements
  int64_t buffer_elements = 0;

  int64_t count() const;
  // Element positions within the buffer, in row-major logical order.
  std::vector<int64_t> positions() const;
  strata_tensor descriptor(strata_buffer* buffer) const;
};

// Row-major and tightly packed.
View dense(strata_dtype dtype, std::vector<int64_t> shape);
// Row-major with a one-element gap after every row of every axis and two elements before the
// first: exercises strides, offsets and (for outputs) guard elements.
View gapped(strata_dtype dtype, std::vector<int64_t> shape);
// Dense storage of `shape` permuted by `order` (order[k] = storage axis of logical axis k), so
// logical axes walk the buffer with non-monotonic strides (a transpose).
View permuted(strata_dtype dtype, std::vector<int64_t> shape, std::vector<int> order);
// `shape` with stride 0 along `axes` (inputs only), dense elsewhere.
View broadcast(strata_dtype dtype, std::vector<int64_t> shape, std::vector<int> axes);

// Random values for a buffer of `dtype`: floats uniform in [lo, hi], integers uniform in
// [lo, hi] (rounded), stored as the dtype.
Bytes random_bytes(strata_dtype dtype, int64_t elements, double lo, double hi, std::mt19937& rng);

// Whole numbers uniform in [lo, hi], stored as `dtype`: ties for comparisons and extremes.
Bytes random_integers(strata_dtype dtype, int64_t elements, int lo, int hi, std::mt19937& rng);

// How the two backends' outputs must agree.
enum class Match {
  kExact,        // identical values (NaN matches NaN): movement, integers, argmax, uniform
  kElementwise,  // NMSE <= 1e-7 for f32 (16-bit kinds: scaled to their precision)
  kLinear,       // NMSE <= 5e-4: matmul and convolution
};

// One op run on both backends from the same input bytes.
class OpRun {
 public:
  OpRun(strata_op op, int32_t sub_op, const void* params);
  OpRun& in(View view, Bytes buffer);
  // An output whose buffer starts as `buffer` (for in/out tensors); elements outside the view
  // must come back untouched.
  OpRun& out(View view, Bytes buffer);
  // An output filled with a sentinel pattern.
  OpRun& out(View view);

  // Runs the Vulkan side on `backend` instead of the shared instance.
  OpRun& on(strata::Backend& backend);

  // Runs on both, checks that both succeed, the guards, and `match` for every output.
  void check(Match match);
  // The output buffers after run(): [output][0 reference, 1 vulkan].
  const std::vector<std::array<Bytes, 2>>& results() const { return results_; }
  // Runs on both without comparing; a failure throws strata::BackendError.
  void run();

 private:
  struct Operand {
    View view;
    Bytes initial;
  };
  void run_on(strata::Backend& backend, std::vector<Bytes>& outputs);

  strata_op op_;
  int32_t sub_op_;
  const void* params_;
  strata::Backend* vulkan_ = nullptr;  // nullptr: the shared instance
  std::vector<Operand> inputs_, outputs_;
  std::vector<std::array<Bytes, 2>> results_;
};

// Adds a failure naming `what` unless `actual` (Vulkan) matches `expected` (reference) inside
// `view` under `match`, and `actual` equals `initial` outside it.
void expect_match(const std::string& what, const View& view, const Bytes& initial,
                  const Bytes& expected, const Bytes& actual, Match match);

// The status code of a core call (STRATA_OK when it returns normally).
template <typename Fn>
strata_status_code status_of(Fn&& fn, std::string* message = nullptr) {
  try {
    fn();
    return STRATA_OK;
  } catch (const strata::BackendError& e) {
    if (message != nullptr) *message = e.what();
    return e.code();
  }
}

}  // namespace strata_vk_test
