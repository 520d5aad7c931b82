// A small harness for driving the reference backend directly through its ABI table, without
// the core: tests of the oracle must not depend on the code the oracle judges.
#pragma once

#include <strata/backend.h>

#include <boost/dll/shared_library.hpp>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

namespace strata_test {

// The outcome of one ABI call: code and message (empty on success).
struct CallResult {
  strata_status_code code = STRATA_OK;
  std::string message;
  bool ok() const { return code == STRATA_OK; }
};

// A tensor in a buffer of its own. The buffer can be larger than the tensor needs, so tests
// can build strided, offset and broadcast views and check guard bytes around them.
class TestTensor {
 public:
  strata_tensor desc{};
  strata_buffer* buffer = nullptr;
  uint64_t buffer_bytes = 0;
};

class ReferenceHarness {
 public:
  ReferenceHarness();  // loads the plugin file named by STRATA_REFERENCE_PLUGIN_FILE
  ~ReferenceHarness();
  ReferenceHarness(const ReferenceHarness&) = delete;
  ReferenceHarness& operator=(const ReferenceHarness&) = delete;

  const strata_backend_api& api() const { return *api_; }
  strata_instance* instance() const { return instance_; }

  // A contiguous row-major tensor holding `values` (converted to `dtype` by the plugin's own
  // rules is NOT used: values are encoded here, see encode()).
  TestTensor make(strata_dtype dtype, std::vector<int64_t> shape,
                  const std::vector<double>& values);
  // A view with explicit element strides and element offset into a buffer of
  // `buffer_elements` elements, all first set to `fill`; `values` are stored at the view's
  // logical positions in row-major order (an empty `values` leaves the fill).
  TestTensor make_view(strata_dtype dtype, std::vector<int64_t> shape, std::vector<int64_t> strides,
                       int64_t offset_elements, int64_t buffer_elements,
                       const std::vector<double>& values, double fill = 0.0);
  // The view's elements in row-major logical order, as doubles.
  std::vector<double> read(const TestTensor& t);
  // Every element of the tensor's whole buffer, as doubles (for guard checks).
  std::vector<double> read_buffer(const TestTensor& t);

  // Runs one op. Params may be NULL.
  CallResult run(strata_op op, int32_t sub_op, const void* params,
                 std::initializer_list<const TestTensor*> inputs,
                 std::initializer_list<const TestTensor*> outputs);
  // The `supports` slot for the same call (buffers are passed, but need not be looked at).
  CallResult supports(strata_op op, int32_t sub_op, const void* params,
                      std::initializer_list<const TestTensor*> inputs,
                      std::initializer_list<const TestTensor*> outputs);

  CallResult take(strata_error* err);  // converts and destroys an error

 private:
  std::vector<std::byte> encode(strata_dtype dtype, const std::vector<double>& values);
  std::vector<double> decode(strata_dtype dtype, const std::vector<std::byte>& bytes);
  strata_op_call make_call(strata_op op, int32_t sub_op, const void* params,
                           std::vector<const strata_tensor*>& in,
                           std::vector<const strata_tensor*>& out,
                           std::initializer_list<const TestTensor*> inputs,
                           std::initializer_list<const TestTensor*> outputs);

  boost::dll::shared_library library_;
  const strata_backend_api* api_ = nullptr;
  strata_instance* instance_ = nullptr;
  std::vector<strata_buffer*> buffers_;
};

size_t dtype_bytes(strata_dtype dtype);

// Normalised mean squared error sum((a-b)^2)/sum(b^2), b the expectation.
double nmse(const std::vector<double>& actual, const std::vector<double>& expected);

}  // namespace strata_test
