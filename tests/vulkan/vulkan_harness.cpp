#include "vulkan_harness.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace strata_vk_test {
namespace {

const strata::Plugin& load(const char* file) {
  strata::Candidate candidate = strata::load_plugin(file);
  if (candidate.plugin == nullptr) {
    throw std::runtime_error(std::string("cannot load ") + file + ": " + candidate.rejection);
  }
  return *candidate.plugin;
}

float f16_to_float(uint16_t h) {
  const uint32_t sign = (h & 0x8000u) << 16;
  const int exponent = (h >> 10) & 0x1f;
  const uint32_t fraction = h & 0x3ffu;
  float magnitude;
  if (exponent == 0) {
    magnitude = std::ldexp(static_cast<float>(fraction), -24);
  } else if (exponent == 31) {
    magnitude =
        fraction ? std::numeric_limits<float>::quiet_NaN() : std::numeric_limits<float>::infinity();
  } else {
    magnitude = std::ldexp(static_cast<float>(fraction | 0x400u), exponent - 25);
  }
  return sign ? -magnitude : magnitude;
}

// Truncating binary32 -> binary16 for test inputs (any pattern is a valid input); values
// below the normal range become zero.
uint16_t float_to_f16(float f) {
  uint32_t bits;
  std::memcpy(&bits, &f, 4);
  const uint16_t sign = static_cast<uint16_t>((bits >> 16) & 0x8000u);
  if (std::isnan(f)) return sign | 0x7e00u;
  const float a = std::fabs(f);
  if (a >= 65536.0f) return sign | 0x7c00u;
  if (a < 0x1p-14f) return sign;
  int e = 0;
  const float m = std::frexp(a, &e);  // a = m 2^e, m in [0.5, 1)
  const uint16_t fraction = static_cast<uint16_t>((m * 2048.0f)) & 0x3ffu;
  return sign | static_cast<uint16_t>((e + 14) << 10) | fraction;
}

template <typename T>
T read_as(const Bytes& bytes, int64_t i) {
  T value;
  std::memcpy(&value, bytes.data() + i * sizeof(T), sizeof(T));
  return value;
}

template <typename T>
void write_as(Bytes& bytes, size_t i, T value) {
  std::memcpy(bytes.data() + i * sizeof(T), &value, sizeof(T));
}

double nmse_bound(strata_dtype dtype, Match match) {
  const double base = match == Match::kLinear ? 5e-4 : 1e-7;
  switch (dtype) {
    case STRATA_F16:
      return std::max(base, 4 * std::ldexp(1.0, -22));  // 4 eps^2, eps = 2^-11
    case STRATA_BF16:
      return std::max(base, 4 * std::ldexp(1.0, -16));  // eps = 2^-8
    default:
      return base;
  }
}

}  // namespace

const strata::Plugin& vulkan_plugin() {
  static const strata::Plugin& plugin = load(STRATA_TEST_VULKAN_PLUGIN);
  return plugin;
}

const strata::Plugin& reference_plugin() {
  static const strata::Plugin& plugin = load(STRATA_TEST_REFERENCE_PLUGIN);
  return plugin;
}

const std::string& vulkan_unavailable() {
  static const std::string reason = [] {
    const strata::PluginInfo& info = vulkan_plugin().info();
    return info.score > 0 ? std::string() : info.probe_note;
  }();
  return reason;
}

strata::Backend& vulkan() {
  static strata::Backend backend(vulkan_plugin());
  return backend;
}

strata::Backend& reference() {
  static strata::Backend backend(reference_plugin());
  return backend;
}

void plugin_execute(strata::Backend& backend, const strata_op_call& call) {
  const strata_backend_api& api = backend.plugin().api();
  strata_error* err = api.execute(backend.instance(), &call);
  if (err == nullptr) return;
  const char* text = nullptr;
  size_t length = 0;
  api.error_message(err, &text, &length);
  strata::BackendError error(api.error_code(err), backend.name(), "execute",
                             std::string(text, length));
  api.error_destroy(err);
  throw error;
}

strata::Backend make_vulkan(const boost::json::object& settings) {
  strata::BackendOptions options;
  options.settings = &settings;
  return strata::Backend(vulkan_plugin(), options);
}

size_t dtype_bytes(strata_dtype dtype) {
  switch (dtype) {
    case STRATA_F64:
    case STRATA_I64:
      return 8;
    case STRATA_F16:
    case STRATA_BF16:
      return 2;
    case STRATA_U8:
      return 1;
    default:
      return 4;
  }
}

bool is_float_dtype(strata_dtype dtype) {
  return dtype == STRATA_F32 || dtype == STRATA_F64 || dtype == STRATA_F16 || dtype == STRATA_BF16;
}

double element(strata_dtype dtype, const Bytes& bytes, int64_t i) {
  switch (dtype) {
    case STRATA_F32:
      return read_as<float>(bytes, i);
    case STRATA_F64:
      return read_as<double>(bytes, i);
    case STRATA_F16:
      return f16_to_float(read_as<uint16_t>(bytes, i));
    case STRATA_BF16: {
      const uint32_t bits = uint32_t{read_as<uint16_t>(bytes, i)} << 16;
      float f;
      std::memcpy(&f, &bits, 4);
      return f;
    }
    default:
      return static_cast<double>(int_element(dtype, bytes, i));
  }
}

int64_t int_element(strata_dtype dtype, const Bytes& bytes, int64_t i) {
  switch (dtype) {
    case STRATA_I32:
      return read_as<int32_t>(bytes, i);
    case STRATA_I64:
      return read_as<int64_t>(bytes, i);
    case STRATA_U8:
      return read_as<uint8_t>(bytes, i);
    default:
      return static_cast<int64_t>(element(dtype, bytes, i));
  }
}

Bytes encode(strata_dtype dtype, const std::vector<double>& values) {
  Bytes bytes(values.size() * dtype_bytes(dtype));
  for (size_t i = 0; i < values.size(); ++i) {
    const double v = values[i];
    switch (dtype) {
      case STRATA_F32:
        write_as(bytes, i, static_cast<float>(v));
        break;
      case STRATA_F64:
        write_as(bytes, i, v);
        break;
      case STRATA_F16:
        write_as(bytes, i, float_to_f16(static_cast<float>(v)));
        break;
      case STRATA_BF16: {
        const float f = static_cast<float>(v);
        uint32_t bits;
        std::memcpy(&bits, &f, 4);
        write_as(bytes, i, static_cast<uint16_t>(bits >> 16));
        break;
      }
      case STRATA_I32:
        write_as(bytes, i, static_cast<int32_t>(v));
        break;
      case STRATA_I64:
        write_as(bytes, i, static_cast<int64_t>(v));
        break;
      default:
        write_as(bytes, i, static_cast<uint8_t>(std::clamp(v, 0.0, 255.0)));
        break;
    }
  }
  return bytes;
}

int64_t View::count() const {
  int64_t n = 1;
  for (int64_t s : shape) n *= s;
  return n;
}

std::vector<int64_t> View::positions() const {
  std::vector<int64_t> result;
  const int64_t n = count();
  std::vector<int64_t> index(shape.size(), 0);
  for (int64_t i = 0; i < n; ++i) {
    int64_t pos = offset;
    for (size_t k = 0; k < shape.size(); ++k) pos += index[k] * strides[k];
    result.push_back(pos);
    for (size_t k = shape.size(); k-- > 0;) {
      if (++index[k] < shape[k]) break;
      index[k] = 0;
    }
  }
  return result;
}

strata_tensor View::descriptor(strata_buffer* buffer) const {
  strata_tensor t{};
  t.struct_size = sizeof(strata_tensor);
  t.dtype = dtype;
  t.rank = static_cast<int32_t>(shape.size());
  std::copy(shape.begin(), shape.end(), t.shape);
  std::copy(strides.begin(), strides.end(), t.strides);
  t.buffer = buffer;
  t.byte_offset = static_cast<uint64_t>(offset) * dtype_bytes(dtype);
  return t;
}

View dense(strata_dtype dtype, std::vector<int64_t> shape) {
  View v{dtype, shape, std::vector<int64_t>(shape.size()), 0, 0};
  int64_t stride = 1;
  for (size_t k = shape.size(); k-- > 0;) {
    v.strides[k] = stride;
    stride *= shape[k];
  }
  v.buffer_elements = std::max<int64_t>(stride, 1);
  return v;
}

View gapped(strata_dtype dtype, std::vector<int64_t> shape) {
  View v{dtype, shape, std::vector<int64_t>(shape.size()), 2, 0};
  int64_t span = 1;
  for (size_t k = shape.size(); k-- > 0;) {
    v.strides[k] = k + 1 == shape.size() ? 1 : v.strides[k + 1] * shape[k + 1] + 1;
    span += std::max<int64_t>(shape[k] - 1, 0) * v.strides[k];
  }
  v.buffer_elements = 2 + span + 3;
  return v;
}

View permuted(strata_dtype dtype, std::vector<int64_t> shape, std::vector<int> order) {
  std::vector<int64_t> storage(shape.size());
  for (size_t k = 0; k < shape.size(); ++k) storage[order[k]] = shape[k];
  const View packed = dense(dtype, storage);
  View v{dtype, shape, std::vector<int64_t>(shape.size()), 0, packed.buffer_elements};
  for (size_t k = 0; k < shape.size(); ++k) v.strides[k] = packed.strides[order[k]];
  return v;
}

View broadcast(strata_dtype dtype, std::vector<int64_t> shape, std::vector<int> axes) {
  std::vector<int64_t> stored = shape;
  for (int a : axes) stored[a] = 1;
  View v = dense(dtype, stored);
  v.shape = shape;
  for (int a : axes) v.strides[a] = 0;
  return v;
}

Bytes random_bytes(strata_dtype dtype, int64_t elements, double lo, double hi, std::mt19937& rng) {
  std::uniform_real_distribution<double> dist(lo, hi);
  std::vector<double> values(static_cast<size_t>(elements));
  for (double& v : values) v = is_float_dtype(dtype) ? dist(rng) : std::round(dist(rng));
  return encode(dtype, values);
}

Bytes random_integers(strata_dtype dtype, int64_t elements, int lo, int hi, std::mt19937& rng) {
  std::uniform_int_distribution<int> dist(lo, hi);
  std::vector<double> values(static_cast<size_t>(elements));
  for (double& v : values) v = dist(rng);
  return encode(dtype, values);
}

OpRun::OpRun(strata_op op, int32_t sub_op, const void* params)
    : op_(op), sub_op_(sub_op), params_(params) {}

OpRun& OpRun::in(View view, Bytes buffer) {
  inputs_.push_back({std::move(view), std::move(buffer)});
  return *this;
}

OpRun& OpRun::out(View view, Bytes buffer) {
  outputs_.push_back({std::move(view), std::move(buffer)});
  return *this;
}

OpRun& OpRun::out(View view) {
  // A recognisable value in every dtype: 0x5A bytes.
  Bytes sentinel(static_cast<size_t>(view.buffer_elements) * dtype_bytes(view.dtype),
                 std::byte{0x5a});
  return out(std::move(view), std::move(sentinel));
}

void OpRun::run_on(strata::Backend& backend, std::vector<Bytes>& outputs) {
  std::vector<strata::Buffer> buffers;
  std::vector<strata_tensor> in_desc, out_desc;
  auto make = [&](const Operand& o) {
    strata::Buffer buffer = backend.alloc(o.initial.size());
    backend.write(buffer, 0, o.initial);
    buffers.push_back(std::move(buffer));
    return o.view.descriptor(buffers.back().handle());
  };
  buffers.reserve(inputs_.size() + outputs_.size());
  for (const Operand& o : inputs_) in_desc.push_back(make(o));
  for (const Operand& o : outputs_) out_desc.push_back(make(o));
  std::vector<const strata_tensor*> in_ptrs, out_ptrs;
  for (const strata_tensor& t : in_desc) in_ptrs.push_back(&t);
  for (const strata_tensor& t : out_desc) out_ptrs.push_back(&t);
  strata_op_call call{};
  call.struct_size = sizeof call;
  call.op = op_;
  call.sub_op = sub_op_;
  call.params = params_;
  call.inputs = in_ptrs.data();
  call.num_inputs = in_ptrs.size();
  call.outputs = out_ptrs.data();
  call.num_outputs = out_ptrs.size();
  plugin_execute(backend, call);
  outputs.clear();
  for (size_t i = 0; i < outputs_.size(); ++i) {
    Bytes bytes(outputs_[i].initial.size());
    backend.read(buffers[inputs_.size() + i], 0, bytes);
    outputs.push_back(std::move(bytes));
  }
}

OpRun& OpRun::on(strata::Backend& backend) {
  vulkan_ = &backend;
  return *this;
}

void OpRun::run() {
  std::vector<Bytes> ref, vk;
  run_on(reference(), ref);
  run_on(vulkan_ != nullptr ? *vulkan_ : vulkan(), vk);
  results_.clear();
  for (size_t i = 0; i < ref.size(); ++i) results_.push_back({std::move(ref[i]), std::move(vk[i])});
}

void OpRun::check(Match match) {
  try {
    run();
  } catch (const strata::BackendError& e) {
    ADD_FAILURE() << "op " << op_ << " sub-code " << sub_op_ << " failed: " << e.what();
    return;
  }
  for (size_t i = 0; i < outputs_.size(); ++i) {
    std::ostringstream what;
    what << "op " << op_ << " sub-code " << sub_op_ << " output " << i;
    expect_match(what.str(), outputs_[i].view, outputs_[i].initial, results_[i][0], results_[i][1],
                 match);
  }
}

void expect_match(const std::string& what, const View& view, const Bytes& initial,
                  const Bytes& expected, const Bytes& actual, Match match) {
  const strata_dtype dtype = view.dtype;
  const size_t size = dtype_bytes(dtype);
  std::vector<bool> inside(static_cast<size_t>(view.buffer_elements), false);
  for (int64_t p : view.positions()) inside[static_cast<size_t>(p)] = true;
  int reported = 0;
  for (int64_t i = 0; i < view.buffer_elements; ++i) {
    if (inside[static_cast<size_t>(i)]) continue;
    if (std::memcmp(actual.data() + i * size, initial.data() + i * size, size) != 0 &&
        reported++ < 3) {
      ADD_FAILURE() << what << ": guard element " << i << " outside the view was overwritten";
    }
  }
  const bool exact = match == Match::kExact || !is_float_dtype(dtype);
  double error = 0, energy = 0;
  for (int64_t p : view.positions()) {
    if (!is_float_dtype(dtype)) {
      const int64_t want = int_element(dtype, expected, p), got = int_element(dtype, actual, p);
      if (want != got && reported++ < 5) {
        ADD_FAILURE() << what << ": element at " << p << " is " << got << ", reference " << want;
      }
      continue;
    }
    const double want = element(dtype, expected, p), got = element(dtype, actual, p);
    const bool mismatch = std::isnan(want) != std::isnan(got) ||
                          (std::isinf(want) && want != got) ||
                          (exact && !std::isnan(want) && want != got);
    if (mismatch) {
      if (reported++ < 5) {
        ADD_FAILURE() << what << ": element at " << p << " is " << got << ", reference " << want;
      }
      continue;
    }
    if (std::isfinite(want)) {
      error += (got - want) * (got - want);
      energy += want * want;
    }
  }
  if (exact) return;
  const double nmse = energy > 0 ? error / energy : error;
  EXPECT_LE(nmse, nmse_bound(dtype, match)) << what << ": normalised mean squared error";
}

}  // namespace strata_vk_test
