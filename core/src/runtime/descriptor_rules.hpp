// Shared by the two halves of check_op_call: the descriptor checks (descriptor_check.cpp) and
// the per-op rules (descriptor_op_rules.cpp). Internal to the runtime.
#pragma once

#include <strata/backend.h>
#include <strata/kit/op_table.hpp>

#include <cstddef>
#include <string>

namespace strata::runtime::check_detail {

// One operand of a call, for messages: "input 1", "output 0".
struct Slot {
  bool output;
  size_t index;
};

// A call whose operand arrays and descriptors have been found sound, with the words messages
// use for it.
class CallView {
 public:
  explicit CallView(const strata_op_call& call) : call_(call) {}
  const strata_op_call& call() const noexcept { return call_; }
  // The op code as an int: the host may send any value (kit::op_code).
  int code() const noexcept { return strata::kit::op_code(call_); }
  const strata_tensor& operator[](Slot slot) const noexcept {
    return *(slot.output ? call_.outputs : call_.inputs)[slot.index];
  }
  // "binary add", "matmul".
  std::string op() const;
  // "input 1 (float32 (3,4), strides (4,1), byte offset 0)".
  std::string describe(Slot slot) const;

 private:
  const strata_op_call& call_;
};

inline constexpr Slot in(size_t i) {
  return {false, i};
}
inline constexpr Slot out(size_t i) {
  return {true, i};
}

// "(3,4)": a descriptor's shape, or its strides, in the spelling of every message.
std::string shape_text(const strata_tensor& t);
std::string strides_text(const strata_tensor& t);

struct Arity {
  size_t inputs;
  size_t outputs;
};

// How many inputs and outputs the op takes. Throws ValueError for an op outside ABI 1.0, and
// for an optimiser call without params or with an unknown rule (its output count depends on
// them).
Arity arity_of(const CallView& view);

// The op's rules for operand ranks, shapes, dtypes and required params; the descriptors have
// already been checked one by one.
void check_op_rules(const CallView& view);

}  // namespace strata::runtime::check_detail
