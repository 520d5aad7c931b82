// The bugs the broken plugin injects into the reference backend's work, each switched on by
// name in STRATA_BROKEN_BUG (comma-separated), and what each one breaks:
//   oob_write       unary (forward): also writes the element after the output's last one
//   ignore_strides  copy: reads a non-contiguous input as if it were dense
//   broadcast       binary: a partly broadcast input (some strides 0) is read as a scalar
//   matmul_error    matmul: f32/f64 results scaled by 1.0316 (NMSE about 1e-3)
//   exp_nan         unary exp, sigmoid, softplus, elu, selu, gelu, silu: NaN where |x| > 20
//   argmax_tie      reduce argmax: ties go to the highest index instead of the lowest
//   grad_scale      conv2d_backward_filter: f32/f64 gradients scaled by 1.01
// and limitations that are not bugs:
//   no_f16, no_f64  supports() and execute() report STRATA_UNSUPPORTED for any f16 (f64) tensor
#pragma once

#include <strata/backend.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace broken {

enum Behaviour : unsigned {
  kOobWrite = 1u << 0,
  kIgnoreStrides = 1u << 1,
  kBroadcast = 1u << 2,
  kMatmulError = 1u << 3,
  kExpNan = 1u << 4,
  kArgmaxTie = 1u << 5,
  kGradScale = 1u << 6,
  kNoF16 = 1u << 7,
  kNoF64 = 1u << 8,
};

// Parses a comma-separated list of names ("" and "none" mean nothing). On an unknown name
// returns false and sets `bad` to it.
bool parse_behaviours(std::string_view list, unsigned& behaviours, std::string& bad);
// "oob_write, ignore_strides, ...": the valid names, for messages.
std::string behaviour_names();

// The dtype `no_f16` or `no_f64` refuses the call for, or STRATA_DTYPE_INVALID.
strata_dtype refused_dtype(unsigned behaviours, const strata_op_call& call);

// The call as the bugs that act before execution (ignore_strides, broadcast) distort it. The
// returned call points into this object, which must outlive its use.
class AlteredCall {
 public:
  AlteredCall(unsigned behaviours, const strata_op_call& call);
  const strata_op_call& call() const { return call_; }

 private:
  strata_op_call call_;
  strata_tensor inputs_[4];
  const strata_tensor* input_pointers_[4];
};

// Host memory of a buffer (the reference backend maps all of them), and its size in bytes.
struct Memory {
  std::function<std::byte*(strata_buffer*)> map;
  std::function<uint64_t(const strata_buffer*)> size;
};

// Applies the bugs that act on results, after the reference has executed `call`.
void corrupt_results(unsigned behaviours, const strata_op_call& call, const Memory& memory);

}  // namespace broken
