#include "reference_harness.hpp"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace strata_test {

size_t dtype_bytes(strata_dtype dtype) {
  switch (dtype) {
    case STRATA_F64:
    case STRATA_I64: return 8;
    case STRATA_F32:
    case STRATA_I32: return 4;
    case STRATA_F16:
    case STRATA_BF16: return 2;
    case STRATA_U8: return 1;
    default: throw std::invalid_argument("dtype_bytes: invalid dtype");
  }
}

namespace {

// bfloat16 is the top half of a binary32, rounded to nearest even; done here with integer
// arithmetic so the expectation is independent of the plugin's encoder.
uint16_t to_bf16(float f) {
  uint32_t bits;
  std::memcpy(&bits, &f, 4);
  if (std::isnan(f)) return static_cast<uint16_t>((bits >> 16) | 0x40);
  bits += 0x7FFF + ((bits >> 16) & 1);
  return static_cast<uint16_t>(bits >> 16);
}

float from_bf16(uint16_t h) {
  uint32_t bits = static_cast<uint32_t>(h) << 16;
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

template <typename T>
void put(std::byte* p, T v) {
  std::memcpy(p, &v, sizeof v);
}

template <typename T>
T get(const std::byte* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

}  // namespace

ReferenceHarness::ReferenceHarness() {
  const char* file = std::getenv("STRATA_REFERENCE_PLUGIN_FILE");
  library_.load(file != nullptr ? file : STRATA_REFERENCE_PLUGIN_FILE,
                boost::dll::load_mode::rtld_local | boost::dll::load_mode::rtld_now);
  auto get_api = library_.get<const strata_backend_api*(uint32_t)>("strata_backend_get_api");
  api_ = get_api(STRATA_ABI_MAJOR);
  if (api_ == nullptr) throw std::runtime_error("reference plugin does not speak ABI 1");
  CallResult created = take(api_->instance_create(nullptr, &instance_));
  if (!created.ok()) throw std::runtime_error(created.message);
}

ReferenceHarness::~ReferenceHarness() {
  for (strata_buffer* b : buffers_) api_->buffer_free(instance_, b);
  api_->instance_destroy(instance_);
}

CallResult ReferenceHarness::take(strata_error* err) {
  CallResult result;
  if (err == nullptr) return result;
  result.code = api_->error_code(err);
  const char* text = nullptr;
  size_t len = 0;
  api_->error_message(err, &text, &len);
  result.message.assign(text, len);
  api_->error_destroy(err);
  return result;
}

std::vector<std::byte> ReferenceHarness::encode(strata_dtype dtype,
                                                const std::vector<double>& values) {
  const size_t size = dtype_bytes(dtype);
  std::vector<std::byte> bytes(values.size() * size);
  for (size_t i = 0; i < values.size(); ++i) {
    std::byte* p = bytes.data() + i * size;
    const double v = values[i];
    switch (dtype) {
      case STRATA_F32: put(p, static_cast<float>(v)); break;
      case STRATA_F64: put(p, v); break;
      case STRATA_F16: put(p, static_cast<_Float16>(v)); break;
      case STRATA_BF16: put(p, to_bf16(static_cast<float>(v))); break;
      case STRATA_I32: put(p, static_cast<int32_t>(v)); break;
      case STRATA_I64: put(p, static_cast<int64_t>(v)); break;
      case STRATA_U8: put(p, static_cast<uint8_t>(v)); break;
      default: break;
    }
  }
  return bytes;
}

std::vector<double> ReferenceHarness::decode(strata_dtype dtype,
                                             const std::vector<std::byte>& bytes) {
  const size_t size = dtype_bytes(dtype);
  std::vector<double> values(bytes.size() / size);
  for (size_t i = 0; i < values.size(); ++i) {
    const std::byte* p = bytes.data() + i * size;
    switch (dtype) {
      case STRATA_F32: values[i] = get<float>(p); break;
      case STRATA_F64: values[i] = get<double>(p); break;
      case STRATA_F16: values[i] = static_cast<double>(get<_Float16>(p)); break;
      case STRATA_BF16: values[i] = from_bf16(get<uint16_t>(p)); break;
      case STRATA_I32: values[i] = get<int32_t>(p); break;
      case STRATA_I64: values[i] = static_cast<double>(get<int64_t>(p)); break;
      case STRATA_U8: values[i] = get<uint8_t>(p); break;
      default: break;
    }
  }
  return values;
}

TestTensor ReferenceHarness::make(strata_dtype dtype, std::vector<int64_t> shape,
                                  const std::vector<double>& values) {
  std::vector<int64_t> strides(shape.size());
  int64_t count = 1;
  for (size_t k = shape.size(); k-- > 0;) {
    strides[k] = count;
    count *= shape[k];
  }
  return make_view(dtype, shape, strides, 0, count, values);
}

TestTensor ReferenceHarness::make_view(strata_dtype dtype, std::vector<int64_t> shape,
                                       std::vector<int64_t> strides, int64_t offset_elements,
                                       int64_t buffer_elements,
                                       const std::vector<double>& values, double fill) {
  TestTensor t;
  t.desc.struct_size = sizeof(strata_tensor);
  t.desc.dtype = dtype;
  t.desc.rank = static_cast<int32_t>(shape.size());
  for (size_t k = 0; k < shape.size(); ++k) {
    t.desc.shape[k] = shape[k];
    t.desc.strides[k] = strides[k];
  }
  t.desc.byte_offset = static_cast<uint64_t>(offset_elements) * dtype_bytes(dtype);
  t.buffer_bytes = static_cast<uint64_t>(buffer_elements) * dtype_bytes(dtype);
  CallResult r = take(api_->buffer_alloc(instance_, t.buffer_bytes, &t.buffer));
  if (!r.ok()) throw std::runtime_error(r.message);
  buffers_.push_back(t.buffer);
  t.desc.buffer = t.buffer;

  std::vector<double> image(static_cast<size_t>(buffer_elements), fill);
  if (!values.empty()) {
    int64_t index[STRATA_MAX_RANK] = {};
    int64_t count = 1;
    for (int64_t s : shape) count *= s;
    if (static_cast<int64_t>(values.size()) != count) {
      throw std::invalid_argument("make_view: value count does not match the shape");
    }
    for (int64_t i = 0; i < count; ++i) {
      int64_t pos = offset_elements;
      for (size_t k = 0; k < shape.size(); ++k) pos += index[k] * strides[k];
      image[static_cast<size_t>(pos)] = values[static_cast<size_t>(i)];
      for (size_t k = shape.size(); k-- > 0;) {
        if (++index[k] < shape[k]) break;
        index[k] = 0;
      }
    }
  }
  std::vector<std::byte> bytes = encode(dtype, image);
  r = take(api_->buffer_write(instance_, t.buffer, 0, bytes.data(), bytes.size()));
  if (!r.ok()) throw std::runtime_error(r.message);
  return t;
}

std::vector<double> ReferenceHarness::read_buffer(const TestTensor& t) {
  std::vector<std::byte> bytes(t.buffer_bytes);
  CallResult r = take(api_->buffer_read(instance_, t.buffer, 0, bytes.data(), bytes.size()));
  if (!r.ok()) throw std::runtime_error(r.message);
  return decode(t.desc.dtype, bytes);
}

std::vector<double> ReferenceHarness::read(const TestTensor& t) {
  const std::vector<double> image = read_buffer(t);
  const int rank = t.desc.rank;
  int64_t count = 1;
  for (int k = 0; k < rank; ++k) count *= t.desc.shape[k];
  std::vector<double> values;
  values.reserve(static_cast<size_t>(count));
  int64_t index[STRATA_MAX_RANK] = {};
  const int64_t base = static_cast<int64_t>(t.desc.byte_offset / dtype_bytes(t.desc.dtype));
  for (int64_t i = 0; i < count; ++i) {
    int64_t pos = base;
    for (int k = 0; k < rank; ++k) pos += index[k] * t.desc.strides[k];
    values.push_back(image[static_cast<size_t>(pos)]);
    for (int k = rank; k-- > 0;) {
      if (++index[k] < t.desc.shape[k]) break;
      index[k] = 0;
    }
  }
  return values;
}

strata_op_call ReferenceHarness::make_call(strata_op op, int32_t sub_op, const void* params,
                                           std::vector<const strata_tensor*>& in,
                                           std::vector<const strata_tensor*>& out,
                                           std::initializer_list<const TestTensor*> inputs,
                                           std::initializer_list<const TestTensor*> outputs) {
  for (const TestTensor* t : inputs) in.push_back(&t->desc);
  for (const TestTensor* t : outputs) out.push_back(&t->desc);
  strata_op_call call{};
  call.struct_size = sizeof call;
  call.op = op;
  call.sub_op = sub_op;
  call.params = params;
  call.inputs = in.data();
  call.num_inputs = in.size();
  call.outputs = out.data();
  call.num_outputs = out.size();
  return call;
}

CallResult ReferenceHarness::run(strata_op op, int32_t sub_op, const void* params,
                                 std::initializer_list<const TestTensor*> inputs,
                                 std::initializer_list<const TestTensor*> outputs) {
  std::vector<const strata_tensor*> in, out;
  strata_op_call call = make_call(op, sub_op, params, in, out, inputs, outputs);
  CallResult r = take(api_->execute(instance_, &call));
  if (!r.ok()) return r;
  return take(api_->synchronize(instance_));
}

CallResult ReferenceHarness::supports(strata_op op, int32_t sub_op, const void* params,
                                      std::initializer_list<const TestTensor*> inputs,
                                      std::initializer_list<const TestTensor*> outputs) {
  std::vector<const strata_tensor*> in, out;
  strata_op_call call = make_call(op, sub_op, params, in, out, inputs, outputs);
  return take(api_->supports(instance_, &call));
}

double nmse(const std::vector<double>& actual, const std::vector<double>& expected) {
  if (actual.size() != expected.size()) return INFINITY;
  double num = 0, den = 0;
  for (size_t i = 0; i < actual.size(); ++i) {
    num += (actual[i] - expected[i]) * (actual[i] - expected[i]);
    den += expected[i] * expected[i];
  }
  return den == 0 ? num : num / den;
}

}  // namespace strata_test
