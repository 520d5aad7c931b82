#include "case_runner.hpp"

#include <fmt/format.h>

namespace strata::conformance {
namespace {

strata_tensor descriptor(const TensorSpec& t, strata_buffer* buffer) {
  strata_tensor d{};
  d.struct_size = sizeof d;
  d.dtype = t.dtype;
  d.rank = t.rank();
  for (int k = 0; k < t.rank(); ++k) {
    d.shape[k] = t.shape[static_cast<size_t>(k)];
    d.strides[k] = t.strides[static_cast<size_t>(k)];
  }
  d.buffer = buffer;
  d.byte_offset = view_byte_offset(t);
  return d;
}

strata_op_call make_call(const Case& c, const std::vector<const strata_tensor*>& inputs,
                         const std::vector<const strata_tensor*>& outputs) {
  strata_op_call call{};
  call.struct_size = sizeof call;
  call.op = c.op->op;
  call.sub_op = c.op->sub_op;
  call.params = c.params_pointer();
  call.inputs = inputs.data();
  call.num_inputs = inputs.size();
  call.outputs = outputs.data();
  call.num_outputs = outputs.size();
  return call;
}

// Reads and releases a plugin error.
Refusal take_refusal(const strata_backend_api& api, strata_error* err) {
  const char* text = nullptr;
  size_t length = 0;
  api.error_message(err, &text, &length);
  Refusal refusal{api.error_code(err), text != nullptr ? std::string(text, length) : ""};
  api.error_destroy(err);
  return refusal;
}

std::string_view status_name(strata_status_code code) {
  switch (code) {
    case STRATA_UNSUPPORTED:
      return "UNSUPPORTED";
    case STRATA_INVALID_ARGUMENT:
      return "INVALID_ARGUMENT";
    case STRATA_OUT_OF_MEMORY:
      return "OUT_OF_MEMORY";
    case STRATA_DEVICE_LOST:
      return "DEVICE_LOST";
    default:
      return "INTERNAL";
  }
}

RunResult failed(std::string check, std::string message) {
  return {RunStatus::kFailed, std::move(check), std::move(message), {}, {}};
}

}  // namespace

std::optional<Refusal> query_support(const Backend& backend, const Case& c) {
  std::vector<strata_tensor> descriptors;
  for (const auto* list : {&c.inputs, &c.outputs}) {
    for (const TensorSpec& t : *list) descriptors.push_back(descriptor(t, nullptr));
  }
  std::vector<const strata_tensor*> inputs, outputs;
  for (size_t i = 0; i < descriptors.size(); ++i) {
    (i < c.inputs.size() ? inputs : outputs).push_back(&descriptors[i]);
  }
  const strata_op_call call = make_call(c, inputs, outputs);
  const strata_backend_api& api = backend.plugin().api();
  strata_error* err = api.supports(backend.instance(), &call);
  if (err == nullptr) return std::nullopt;
  return take_refusal(api, err);
}

std::string rejection_text(const Refusal& refusal) {
  return fmt::format("supports() refused a valid call with {}: {}", status_name(refusal.code),
                     refusal.message);
}

PreparedCall::PreparedCall(Backend& backend, const Case& c, const StagedCase& staged)
    : backend_(backend), case_(c) {
  const auto upload = [&](const TensorSpec& t, const Image& image, std::vector<Buffer>& into) {
    Buffer buffer = backend_.alloc(image.size());
    backend_.write(buffer, 0, image);
    descriptors_.push_back(descriptor(t, buffer.handle()));
    into.push_back(std::move(buffer));
  };
  for (size_t i = 0; i < c.inputs.size(); ++i)
    upload(c.inputs[i], staged.inputs[i], input_buffers_);
  for (size_t i = 0; i < c.outputs.size(); ++i) {
    upload(c.outputs[i], staged.outputs[i], output_buffers_);
  }
  for (size_t i = 0; i < descriptors_.size(); ++i) {
    (i < c.inputs.size() ? input_pointers_ : output_pointers_).push_back(&descriptors_[i]);
  }
}

void PreparedCall::execute() {
  backend_.execute(make_call(case_, input_pointers_, output_pointers_));
  backend_.synchronize();
}

std::vector<Image> PreparedCall::read(const std::vector<Buffer>& buffers) const {
  std::vector<Image> images;
  for (const Buffer& b : buffers) {
    Image image(b.size());
    backend_.read(b, 0, image);
    images.push_back(std::move(image));
  }
  return images;
}

std::vector<Image> PreparedCall::read_inputs() const {
  return read(input_buffers_);
}

std::vector<Image> PreparedCall::read_outputs() const {
  return read(output_buffers_);
}

RunResult run_case(Backend& backend, const Case& c, const StagedCase& staged) {
  if (auto refusal = query_support(backend, c)) {
    if (refusal->code == STRATA_UNSUPPORTED) {
      return {RunStatus::kUnsupported, "", std::move(refusal->message), {}, {}};
    }
    return failed("rejected", rejection_text(*refusal));
  }
  try {
    PreparedCall call(backend, c, staged);
    call.execute();
    return {RunStatus::kOk, "", "", call.read_inputs(), call.read_outputs()};
  } catch (const BackendError& e) {
    const bool unsupported = e.code() == STRATA_UNSUPPORTED;
    return failed("error", fmt::format("{}{}", e.what(),
                                       unsupported ? " (supports() had accepted the call)" : ""));
  } catch (const Error& e) {
    return failed("error", e.what());
  }
}

}  // namespace strata::conformance
