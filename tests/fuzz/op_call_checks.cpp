// The core's check of a raw op call (runtime::check_op_call), as a host that builds its own
// descriptors reaches it through Backend::execute. The input picks an op, its sub-code, a
// params block, and up to four inputs and outputs with arbitrary dtype, rank, sizes, strides,
// byte offset and buffer (three real buffers of fuzzed sizes, or none). A call the core accepts
// runs on the reference backend, so a descriptor the check wrongly lets through is caught by
// ASan as an access outside the plugin's heap block. Calls too large to run (over kMostElements
// elements in a tensor or a pooling window) are only checked.
#include <strata/backend.h>
#include <strata/kit/op_name.hpp>
#include <strata/kit/op_table.hpp>

#include <array>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "buffer_table.hpp"
#include "descriptor_check.hpp"
#include "fuzz_support.hpp"
#include "strata/context.hpp"

namespace {

constexpr int64_t kMostElements = 4096;
constexpr auto kOps = [] {
  std::array<int, 20> ops{};
  size_t n = 0;
  for (int code = 0; code < 128 && n < ops.size(); ++code) {
    if (!strata::kit::op_name(static_cast<strata_op>(code)).empty()) ops[n++] = code;
  }
  return ops;
}();
constexpr size_t kParamsBytes = 512;

class Input {
 public:
  Input(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  uint8_t byte() { return at_ < size_ ? data_[at_++] : 0; }
  // A size or stride: mostly 0..7, sometimes an extreme.
  int64_t number() {
    static constexpr int64_t kExtremes[] = {-1,
                                            std::numeric_limits<int64_t>::max(),
                                            std::numeric_limits<int64_t>::min(),
                                            int64_t{1} << 31,
                                            int64_t{1} << 62,
                                            4097,
                                            65536};
    const uint8_t b = byte();
    if (b >= 240) return kExtremes[b % std::size(kExtremes)];
    return b % 8;
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t at_ = 0;
};

// Elements in the tensor, or -1 when there are more than kMostElements (or a size is negative).
int64_t small_count(const strata_tensor& t) {
  if (t.rank < 0 || t.rank > STRATA_MAX_RANK) return -1;
  int64_t n = 1;
  for (int k = 0; k < t.rank; ++k) {
    if (t.shape[k] < 0) return -1;
    if (t.shape[k] == 0) return 0;
  }
  for (int k = 0; k < t.rank; ++k) {
    if (t.shape[k] > kMostElements / n) return -1;
    n *= t.shape[k];
  }
  return n;
}

struct Call {
  std::vector<strata_tensor> tensors;
  std::vector<const strata_tensor*> inputs, outputs;
  std::array<std::byte, kParamsBytes> params{};
  strata_op_call call{};
};

strata_tensor tensor(Input& in, const std::array<strata_buffer*, 4>& buffers) {
  strata_tensor t{};
  t.struct_size = in.byte() < 250 ? sizeof(strata_tensor) : in.byte();
  // Values inside each enum's range of values (strata_dtype's is 0..7), so loading them is
  // defined; the core's check must still reject the invalid ones.
  const int dtype = in.byte() % 8;
  std::memcpy(&t.dtype, &dtype, sizeof dtype);
  t.rank = in.byte() % 10;
  for (int k = 0; k < STRATA_MAX_RANK; ++k) {
    t.shape[k] = in.number();
    t.strides[k] = in.number();
  }
  t.buffer = buffers[in.byte() % buffers.size()];
  t.byte_offset = static_cast<uint64_t>(in.number());
  return t;
}

Call build(Input& in, const std::array<strata_buffer*, 4>& buffers) {
  Call c;
  // Mostly an op of ABI 1.0; sometimes any code in strata_op's range of values (0..127).
  const uint8_t pick = in.byte();
  const int op = pick < 224 ? kOps[pick % kOps.size()] : pick % 128;
  std::memcpy(&c.call.op, &op, sizeof op);
  c.call.struct_size = sizeof(strata_op_call);
  c.call.sub_op = in.byte() % 40;
  const size_t num_inputs = in.byte() % 5, num_outputs = in.byte() % 4;
  c.tensors.reserve(num_inputs + num_outputs);
  for (size_t i = 0; i < num_inputs + num_outputs; ++i) c.tensors.push_back(tensor(in, buffers));
  for (size_t i = 0; i < c.tensors.size(); ++i) {
    (i < num_inputs ? c.inputs : c.outputs).push_back(&c.tensors[i]);
  }
  // A params block that starts with its struct_size, the rest fuzzed; the block is larger than
  // any params struct of ABI 1.0, so a plugin reading its own struct stays inside it.
  const size_t params_size = in.byte() * 2u;
  std::memcpy(c.params.data(), &params_size, sizeof params_size);
  for (size_t i = sizeof params_size; i < 64; ++i) c.params[i] = std::byte{in.byte()};
  if (in.byte() % 4 != 0) c.call.params = c.params.data();
  c.call.inputs = c.inputs.data();
  c.call.num_inputs = c.inputs.size();
  c.call.outputs = c.outputs.data();
  c.call.num_outputs = c.outputs.size();
  return c;
}

// Pooling visits every pixel of its window for each output, whatever the image's size.
bool small_window(const Call& c) {
  const int op = strata::kit::op_code(c.call);
  if ((op != STRATA_OP_POOL2D && op != STRATA_OP_POOL2D_BACKWARD) || c.call.params == nullptr) {
    return true;
  }
  strata_pool2d_params p{};
  std::memcpy(&p, c.params.data(), sizeof p);
  return int64_t{p.window_h} * p.window_w <= kMostElements;
}

bool small(const Call& c) {
  for (const strata_tensor& t : c.tensors) {
    if (small_count(t) < 0) return false;
  }
  return small_window(c);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Input in(data, size);
  strata::Backend& backend = strata::Context::current().backend();
  std::array<strata::Buffer, 3> owned = {backend.alloc(1 + in.byte()), backend.alloc(1 + in.byte()),
                                         backend.alloc(1 + in.byte() * 8u)};
  const std::array<strata_buffer*, 4> buffers = {owned[0].handle(), owned[1].handle(),
                                                 owned[2].handle(), nullptr};
  const Call c = build(in, buffers);
  strata_fuzz::expect_clean_rejection([&] {
    if (small(c)) {
      backend.execute(c.call);
      backend.synchronize();
      return;
    }
    strata::runtime::BufferTable table;
    for (const strata::Buffer& b : owned) table.add(b.handle(), b.size());
    strata::runtime::check_op_call(c.call, table);
  });
  return 0;
}
