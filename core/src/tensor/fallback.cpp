// The reference fallback: an op the backend cannot run is run on a reference instance, with
// every operand's bytes copied there and the outputs' bytes copied back.
#include <fmt/format.h>

#include <vector>

#include "../runtime/backend_call.hpp"
#include "context_state.hpp"
#include "dispatch.hpp"
#include "layout.hpp"
#include "strata/op_error.hpp"

namespace strata::detail {
namespace {

// One operand's bytes on the fallback: the span its view reaches, at offset 0 of a new buffer.
struct Moved {
  Buffer buffer;
  strata_tensor desc;
};

Moved move_to(Backend& fallback, Backend& source, const Operand& o, std::vector<std::byte>& host) {
  const uint64_t bytes = byte_extent(o.desc);
  Moved moved{fallback.alloc(bytes), o.desc};
  host.resize(bytes);
  if (bytes > 0) {
    // Outputs are copied too: an output view need not cover its span, and an in/out operand
    // (matmul with beta, scatter_add, the optimiser) is read before it is written.
    source.read(*o.buffer, o.desc.byte_offset, host);
    fallback.write(moved.buffer, 0, host);
  }
  moved.desc.buffer = moved.buffer.handle();
  moved.desc.byte_offset = 0;
  return moved;
}

std::string backend_reason(const ContextState& context, const OpCall& call, std::string why) {
  if (!why.empty()) return why;
  const strata_backend_api& api = context.backend.plugin().api();
  auto failure =
      runtime::take_failure(api, api.supports(context.backend.instance(), &AbiCall(call).get()));
  return failure ? failure->message : "execute reported it unsupported";
}

// `moved` as operands of the fallback, in `call`'s order.
std::vector<Operand> operands_of(std::vector<Moved>& moved) {
  std::vector<Operand> out;
  for (Moved& m : moved) out.push_back(Operand{m.desc, &m.buffer});
  return out;
}

}  // namespace

void run_on_fallback(ContextState& context, const OpCall& call, const std::string& why) {
  Backend* fallback = context.fallback();
  if (fallback == nullptr) {
    throw UnsupportedError(fmt::format(
        "{}: the {} backend cannot run {} ({}), and the reference fallback is unavailable: {}",
        call.name, context.backend.name(), describe_operands(call),
        backend_reason(context, call, why), context.fallback_failure()));
  }
  std::vector<std::byte> host;
  std::vector<Moved> inputs, outputs;
  inputs.reserve(call.inputs.size());
  outputs.reserve(call.outputs.size());
  for (const Operand& o : call.inputs)
    inputs.push_back(move_to(*fallback, context.backend, o, host));
  for (const Operand& o : call.outputs) {
    outputs.push_back(move_to(*fallback, context.backend, o, host));
  }

  const std::vector<Operand> moved_inputs = operands_of(inputs);
  const std::vector<Operand> moved_outputs = operands_of(outputs);
  OpCall moved = call;
  moved.inputs = moved_inputs;
  moved.outputs = moved_outputs;
  fallback->execute(AbiCall(moved).get());

  for (size_t i = 0; i < outputs.size(); ++i) {
    const Operand& o = call.outputs[i];
    host.resize(outputs[i].buffer.size());
    fallback->read(outputs[i].buffer, 0, host);
    if (!host.empty()) context.backend.write(*o.buffer, o.desc.byte_offset, host);
  }
  ++context.fallback_count;
}

}  // namespace strata::detail
