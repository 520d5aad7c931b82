#include "device_tensor.hpp"

#include <strata/kit/half.hpp>

#include <cstddef>
#include <string>

#include "timing.hpp"

namespace strata::bench {

DeviceTensor::DeviceTensor(Backend& backend, std::vector<int64_t> shape,
                           std::span<const float> values, strata_dtype dtype) {
  descriptor_.struct_size = sizeof descriptor_;
  descriptor_.dtype = dtype;
  descriptor_.rank = static_cast<int32_t>(shape.size());
  int64_t count = 1;
  for (int k = descriptor_.rank - 1; k >= 0; --k) {
    descriptor_.shape[k] = shape[k];
    descriptor_.strides[k] = count;
    count *= shape[k];
  }
  count_ = static_cast<size_t>(count);
  const bool half = dtype == STRATA_F16;
  buffer_ = backend.alloc(count_ * (half ? sizeof(uint16_t) : sizeof(float)));
  descriptor_.buffer = buffer_.handle();
  if (values.empty()) return;
  if (!half) {
    backend.write(buffer_, 0, std::as_bytes(values.first(count_)));
    return;
  }
  std::vector<uint16_t> bits(count_);
  for (size_t i = 0; i < count_; ++i) bits[i] = strata::kit::double_to_f16(values[i]);
  backend.write(buffer_, 0, std::as_bytes(std::span(bits)));
}

std::vector<float> DeviceTensor::read(Backend& backend) const {
  std::vector<float> values(count_);
  if (descriptor_.dtype != STRATA_F16) {
    backend.read(buffer_, 0, std::as_writable_bytes(std::span(values)));
    return values;
  }
  std::vector<uint16_t> bits(count_);
  backend.read(buffer_, 0, std::as_writable_bytes(std::span(bits)));
  for (size_t i = 0; i < count_; ++i) {
    values[i] = static_cast<float>(strata::kit::f16_to_double(bits[i]));
  }
  return values;
}

OpCall::OpCall(strata_op op, int32_t sub_op, const void* params,
               std::initializer_list<const DeviceTensor*> inputs,
               std::initializer_list<const DeviceTensor*> outputs) {
  for (const DeviceTensor* t : inputs) inputs_.push_back(&t->descriptor());
  for (const DeviceTensor* t : outputs) outputs_.push_back(&t->descriptor());
  call_ = {sizeof call_,   op, sub_op, params, inputs_.data(), inputs_.size(), outputs_.data(),
           outputs_.size()};
}

double time_op(Backend& backend, const OpCall& op, double min_time) {
  settle(min_time);
  return seconds_per_call(
      min_time, [&] { backend.execute(op.call()); }, [&] { backend.synchronize(); });
}

int use_threads(Backend& backend, int threads) {
  const strata_backend_api& api = backend.plugin().api();
  if (api.set_num_threads == nullptr) return backend.num_threads();
  if (strata_error* err = api.set_num_threads(backend.instance(), threads)) {
    const char* text = nullptr;
    size_t length = 0;
    api.error_message(err, &text, &length);
    BackendError error(api.error_code(err), backend.name(), "set_num_threads",
                       std::string(text, length));
    api.error_destroy(err);
    throw error;
  }
  return backend.num_threads();
}

}  // namespace strata::bench
