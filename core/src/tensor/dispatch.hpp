// Running one op call on a context: the backend when it can, else the reference fallback.
#pragma once

#include <strata/backend.h>

#include <array>
#include <span>
#include <string>

#include "strata/backend.hpp"
#include "tensor_impl.hpp"

namespace strata::detail {

// A descriptor and the buffer it points into (needed to move data to the fallback).
struct Operand {
  strata_tensor desc;
  Buffer* buffer;
};

Operand operand(const TensorImpl& t) noexcept;
// `t` broadcast to `shape` by stride 0 (see broadcast_descriptor).
Operand broadcast_operand(const TensorImpl& t, const Shape& shape) noexcept;

// op and sub_op are apart on purpose: callers store them one by one, and AbiCall copying them
// as one 8-byte word stalled on store forwarding (a twentieth of a small op).
struct OpCall {
  const char* name;  // the user-level op for messages: "add", "matmul"
  strata_op op;
  const void* params = nullptr;
  int32_t sub_op = 0;
  std::span<const Operand> inputs;
  std::span<const Operand> outputs;
};

// Most operands any ABI v1 op takes (the optimiser: gradient, variable and three slots).
inline constexpr size_t kMaxOperands = 8;

// The ABI's view of an OpCall; the pointer arrays live as long as this object.
class AbiCall {
 public:
  // Throws Error for more than kMaxOperands inputs or outputs.
  explicit AbiCall(const OpCall& call);
  const strata_op_call& get() const noexcept { return call_; }

 private:
  std::array<const strata_tensor*, kMaxOperands> inputs_{};
  std::array<const strata_tensor*, kMaxOperands> outputs_{};
  strata_op_call call_{};
};

// Runs `call` on the context's backend. Routes (cached per call shape): as given; with its
// strided inputs first copied contiguous, when only that form is supported; or on the reference
// fallback. Throws BackendError for a call the backend refuses as malformed or fails to run,
// UnsupportedError when nothing can run it.
void run(ContextState& context, const OpCall& call);

// Moves the operands to the reference fallback, runs the call there and copies the outputs
// back; `why` says why the backend did not run it.
void run_on_fallback(ContextState& context, const OpCall& call, const std::string& why);

// "float32 (2,3), float32 (3,) -> float32 (2,3)": the operands, for messages.
std::string describe_operands(const OpCall& call);

}  // namespace strata::detail
