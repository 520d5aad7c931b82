// Routing an op call: the backend as given, the backend after making strided inputs contiguous,
// or the reference fallback; decided once per call shape (supports_cache.hpp).
#include "dispatch.hpp"

#include <fmt/format.h>

#include "../runtime/backend_call.hpp"
#include "context_state.hpp"
#include "layout.hpp"
#include "strata/op_error.hpp"

namespace strata::detail {
namespace {

std::optional<runtime::Failure> ask_supports(const Backend& backend, const strata_op_call& call) {
  const strata_backend_api& api = backend.plugin().api();
  return runtime::take_failure(api, api.supports(backend.instance(), &call));
}

[[noreturn]] void throw_failure(const Backend& backend, const OpCall& call,
                                runtime::Failure failure) {
  throw BackendError(failure.code, backend.name(), call.name, std::move(failure.message));
}

bool has_strided_input(const OpCall& call) {
  for (const Operand& in : call.inputs) {
    if (layout_class(in.desc) != Layout::kContiguous) return true;
  }
  return false;
}

// Would the backend take `call` with every input contiguous? Only metadata matters to
// `supports`, so the descriptors carry no buffer.
bool supports_contiguous_inputs(const Backend& backend, const OpCall& call) {
  std::array<Operand, kMaxOperands> inputs{};
  for (size_t i = 0; i < call.inputs.size(); ++i) {
    inputs[i].desc = call.inputs[i].desc;
    Strides strides =
        contiguous_strides(Shape(std::span(inputs[i].desc.shape, size_t(inputs[i].desc.rank))));
    std::copy(strides.begin(), strides.end(), inputs[i].desc.strides);
    inputs[i].desc.buffer = nullptr;
    inputs[i].desc.byte_offset = 0;
  }
  OpCall contiguous = call;
  contiguous.inputs = std::span(inputs.data(), call.inputs.size());
  return !ask_supports(backend, AbiCall(contiguous).get());
}

Route decide(const ContextState& context, const OpCall& call, const strata_op_call& abi) {
  auto failure = ask_supports(context.backend, abi);
  if (!failure) return Route::kNative;
  if (failure->code != STRATA_UNSUPPORTED) throw_failure(context.backend, call, *failure);
  if (has_strided_input(call) && supports_contiguous_inputs(context.backend, call)) {
    return Route::kContiguousInputs;
  }
  return Route::kFallback;
}

Route route_of(ContextState& context, const OpCall& call, const strata_op_call& abi) {
  const auto key = supports_key(abi);
  if (key) {
    if (auto cached = context.routes.find(*key)) return *cached;
  }
  const Route route = decide(context, call, abi);
  if (key) context.routes.insert(*key, route);
  return route;
}

// Through Backend::execute, which checks the descriptors before the plugin sees them.
void run_native(ContextState& context, const OpCall& call, const strata_op_call& abi) {
  try {
    context.backend.execute(abi);
  } catch (const BackendError& e) {
    // `supports` said yes for this call shape, but these parameters are beyond the plugin.
    if (e.code() == STRATA_UNSUPPORTED) return run_on_fallback(context, call, e.plugin_message());
    throw_failure(context.backend, call, runtime::Failure{e.code(), e.plugin_message()});
  }
}

// Copies each strided input into a fresh contiguous buffer of the backend, then runs the call.
void run_with_contiguous_inputs(ContextState& context, const OpCall& call) {
  std::array<Operand, kMaxOperands> inputs{};
  std::array<Buffer, kMaxOperands> copies;
  for (size_t i = 0; i < call.inputs.size(); ++i) {
    inputs[i] = call.inputs[i];
    if (layout_class(inputs[i].desc) == Layout::kContiguous) continue;
    strata_tensor& desc = inputs[i].desc;
    const Shape shape(std::span(desc.shape, size_t(desc.rank)));
    copies[i] = context.backend.alloc(static_cast<uint64_t>(shape.numel()) *
                                      dtype_size(static_cast<DType>(desc.dtype)));
    const Strides strides = contiguous_strides(shape);
    std::copy(strides.begin(), strides.end(), desc.strides);
    desc.buffer = copies[i].handle();
    desc.byte_offset = 0;
    inputs[i].buffer = &copies[i];
    const Operand source = call.inputs[i];
    run(context, OpCall{.name = "copy",
                        .op = STRATA_OP_COPY,
                        .inputs = std::span(&source, 1),
                        .outputs = std::span(&inputs[i], 1)});
  }
  OpCall contiguous = call;
  contiguous.inputs = std::span(inputs.data(), call.inputs.size());
  run(context, contiguous);
}

}  // namespace

AbiCall::AbiCall(const OpCall& call) {
  if (call.inputs.size() > kMaxOperands || call.outputs.size() > kMaxOperands) {
    throw Error(
        fmt::format("{}: {} inputs and {} outputs exceed the {} operands the core "
                    "passes per op",
                    call.name, call.inputs.size(), call.outputs.size(), kMaxOperands));
  }
  for (size_t i = 0; i < call.inputs.size(); ++i) inputs_[i] = &call.inputs[i].desc;
  for (size_t i = 0; i < call.outputs.size(); ++i) outputs_[i] = &call.outputs[i].desc;
  call_ = strata_op_call{
      sizeof(strata_op_call), call.op,         call.sub_op,        call.params, inputs_.data(),
      call.inputs.size(),     outputs_.data(), call.outputs.size()};
}

Operand operand(const TensorImpl& t) noexcept {
  return Operand{descriptor(t), &t.storage->buffer};
}

Operand broadcast_operand(const TensorImpl& t, const Shape& shape) noexcept {
  return Operand{broadcast_descriptor(t, shape), &t.storage->buffer};
}

void run(ContextState& context, const OpCall& call) {
  const AbiCall abi(call);
  switch (route_of(context, call, abi.get())) {
    case Route::kNative:
      return run_native(context, call, abi.get());
    case Route::kContiguousInputs:
      return run_with_contiguous_inputs(context, call);
    case Route::kFallback:
      return run_on_fallback(context, call, "");
  }
}

std::string describe_operands(const OpCall& call) {
  auto text = [](const Operand& o) {
    const Shape shape(std::span(o.desc.shape, size_t(o.desc.rank)));
    return fmt::format("{} {}", dtype_name(static_cast<DType>(o.desc.dtype)), shape.to_string());
  };
  std::string out;
  for (size_t i = 0; i < call.inputs.size(); ++i) {
    out += fmt::format("{}{}", i ? ", " : "", text(call.inputs[i]));
  }
  out += " -> ";
  for (size_t i = 0; i < call.outputs.size(); ++i) {
    out += fmt::format("{}{}", i ? ", " : "", text(call.outputs[i]));
  }
  return out;
}

}  // namespace strata::detail
