#include "plugin_pair.hpp"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

namespace avx_test {

std::string avx_plugin_file() {
  return STRATA_AVX_PLUGIN_FILE;
}
std::string reference_plugin_file() {
  return STRATA_REFERENCE_PLUGIN_FILE;
}

Plugin::Plugin(const std::string& file, const strata_instance_options* options) {
  library_.load(file, boost::dll::load_mode::rtld_local | boost::dll::load_mode::rtld_now);
  auto get_api = library_.get<const strata_backend_api*(uint32_t)>(STRATA_BOOTSTRAP_SYMBOL);
  api_ = get_api(STRATA_ABI_MAJOR);
  if (api_ == nullptr) throw std::runtime_error(file + " does not speak ABI 1");
  const Status created = take(api_->instance_create(options, &instance_));
  if (!created.ok()) throw std::runtime_error(created.message);
}

Plugin::~Plugin() {
  api_->instance_destroy(instance_);
}

Status Plugin::take(strata_error* err) const {
  Status status;
  if (err == nullptr) return status;
  status.code = api_->error_code(err);
  const char* text = nullptr;
  size_t len = 0;
  api_->error_message(err, &text, &len);
  status.message.assign(text, len);
  api_->error_destroy(err);
  return status;
}

size_t dtype_bytes(strata_dtype dtype) {
  switch (dtype) {
    case STRATA_F64:
    case STRATA_I64:
      return 8;
    case STRATA_F32:
    case STRATA_I32:
      return 4;
    case STRATA_F16:
    case STRATA_BF16:
      return 2;
    default:
      return 1;
  }
}

int64_t HostTensor::count() const {
  int64_t n = 1;
  for (int64_t s : shape) n *= s;
  return n;
}

std::vector<int64_t> HostTensor::positions() const {
  std::vector<int64_t> out;
  const int64_t n = count();
  std::vector<int64_t> index(shape.size(), 0);
  for (int64_t i = 0; i < n; ++i) {
    int64_t p = offset;
    for (size_t k = 0; k < shape.size(); ++k) p += index[k] * strides[k];
    out.push_back(p);
    for (size_t k = shape.size(); k-- > 0;) {
      if (++index[k] < shape[k]) break;
      index[k] = 0;
    }
  }
  return out;
}

std::vector<int64_t> dense_strides(const std::vector<int64_t>& shape) {
  std::vector<int64_t> strides(shape.size());
  int64_t s = 1;
  for (size_t k = shape.size(); k-- > 0;) {
    strides[k] = s;
    s *= shape[k];
  }
  return strides;
}

HostTensor guarded(strata_dtype dtype, const std::vector<int64_t>& shape) {
  const size_t rank = shape.size();
  std::vector<int64_t> strides(rank);
  int64_t span = 1;
  for (size_t k = rank; k-- > 0;) {
    strides[k] = k + 1 == rank ? 1 : strides[k + 1] * shape[k + 1] + 1;
    span += std::max<int64_t>(shape[k] - 1, 0) * strides[k];
  }
  HostTensor t{dtype, shape, strides, 2, {}};
  t.bytes.assign(static_cast<size_t>(2 + span + 3) * dtype_bytes(dtype), std::byte{0xFF});
  return t;
}

namespace {

// One plugin's copy of a tensor.
struct Device {
  strata_buffer* buffer = nullptr;
  strata_tensor desc{};
};

Device upload(const Plugin& plugin, const HostTensor& t) {
  Device d;
  Status s = plugin.take(plugin.api().buffer_alloc(plugin.instance(), t.bytes.size(), &d.buffer));
  if (!s.ok()) throw std::runtime_error(s.message);
  s = plugin.take(
      plugin.api().buffer_write(plugin.instance(), d.buffer, 0, t.bytes.data(), t.bytes.size()));
  if (!s.ok()) throw std::runtime_error(s.message);
  d.desc.struct_size = sizeof(strata_tensor);
  d.desc.dtype = t.dtype;
  d.desc.rank = static_cast<int32_t>(t.shape.size());
  for (size_t k = 0; k < t.shape.size(); ++k) {
    d.desc.shape[k] = t.shape[k];
    d.desc.strides[k] = t.strides[k];
  }
  d.desc.buffer = d.buffer;
  d.desc.byte_offset = static_cast<uint64_t>(t.offset) * dtype_bytes(t.dtype);
  return d;
}

// Uploads everything, calls `body` with the call, frees everything.
template <typename Body>
void with_call(const Plugin& plugin, strata_op op, int32_t sub_op, const void* params,
               const std::vector<const HostTensor*>& inputs, const std::vector<HostTensor>& outputs,
               Body&& body) {
  std::vector<Device> in, out;
  for (const HostTensor* t : inputs) in.push_back(upload(plugin, *t));
  for (const HostTensor& t : outputs) out.push_back(upload(plugin, t));
  std::vector<const strata_tensor*> in_desc, out_desc;
  for (const Device& d : in) in_desc.push_back(&d.desc);
  for (const Device& d : out) out_desc.push_back(&d.desc);
  strata_op_call call{
      sizeof call,    op, sub_op, params, in_desc.data(), in_desc.size(), out_desc.data(),
      out_desc.size()};
  body(call, out);
  for (Device& d : in) plugin.api().buffer_free(plugin.instance(), d.buffer);
  for (Device& d : out) plugin.api().buffer_free(plugin.instance(), d.buffer);
}

}  // namespace

Result run(const Plugin& plugin, strata_op op, int32_t sub_op, const void* params,
           const std::vector<const HostTensor*>& inputs, const std::vector<HostTensor>& outputs) {
  Result result;
  result.outputs = outputs;
  with_call(plugin, op, sub_op, params, inputs, outputs,
            [&](const strata_op_call& call, std::vector<Device>& out) {
              result.status = plugin.take(plugin.api().execute(plugin.instance(), &call));
              const Status synced = plugin.take(plugin.api().synchronize(plugin.instance()));
              if (result.status.ok()) result.status = synced;
              for (size_t i = 0; i < out.size(); ++i) {
                std::vector<std::byte>& bytes = result.outputs[i].bytes;
                plugin.take(plugin.api().buffer_read(plugin.instance(), out[i].buffer, 0,
                                                     bytes.data(), bytes.size()));
              }
            });
  return result;
}

Status supports(const Plugin& plugin, strata_op op, int32_t sub_op, const void* params,
                const std::vector<const HostTensor*>& inputs,
                const std::vector<HostTensor>& outputs) {
  Status status;
  with_call(plugin, op, sub_op, params, inputs, outputs,
            [&](const strata_op_call& call, std::vector<Device>&) {
              status = plugin.take(plugin.api().supports(plugin.instance(), &call));
            });
  return status;
}

double nmse(const std::vector<double>& actual, const std::vector<double>& expected) {
  double err = 0, ref = 0;
  for (size_t i = 0; i < expected.size(); ++i) {
    if (!std::isfinite(expected[i]) || !std::isfinite(actual[i])) continue;
    err += (actual[i] - expected[i]) * (actual[i] - expected[i]);
    ref += expected[i] * expected[i];
  }
  if (ref == 0) return err == 0 ? 0 : INFINITY;
  return err / ref;
}

std::vector<double> as_doubles(const HostTensor& t) {
  std::vector<double> out;
  auto push = [&](auto tag) {
    for (auto v : t.values<decltype(tag)>()) out.push_back(static_cast<double>(v));
  };
  switch (t.dtype) {
    case STRATA_F64:
      push(double{});
      break;
    case STRATA_I32:
      push(int32_t{});
      break;
    case STRATA_I64:
      push(int64_t{});
      break;
    case STRATA_U8:
      push(uint8_t{});
      break;
    default:
      push(float{});
      break;
  }
  return out;
}

namespace {

bool is_nan_element(strata_dtype dtype, const std::byte* p) {
  if (dtype == STRATA_F32) {
    float v;
    std::memcpy(&v, p, sizeof v);
    return std::isnan(v);
  }
  if (dtype == STRATA_F64) {
    double v;
    std::memcpy(&v, p, sizeof v);
    return std::isnan(v);
  }
  return false;
}

}  // namespace

void expect_match(const HostTensor& initial, const HostTensor& actual, const HostTensor& expected,
                  double bound, const std::string& what) {
  SCOPED_TRACE(what);
  // Guards: every byte outside the view is as it was.
  std::vector<bool> inside(initial.bytes.size(), false);
  const size_t size = dtype_bytes(initial.dtype);
  for (int64_t p : initial.positions()) {
    for (size_t b = 0; b < size; ++b) inside[static_cast<size_t>(p) * size + b] = true;
  }
  size_t touched = 0;
  for (size_t i = 0; i < initial.bytes.size(); ++i) {
    if (!inside[i] && actual.bytes[i] != initial.bytes[i]) ++touched;
  }
  EXPECT_EQ(touched, 0u) << "bytes outside the output view were written";
  if (bound == 0) {
    // Exact: the same bits in every element (integers, copies, conversions), except that any
    // NaN matches any NaN (payloads are not part of the contract).
    size_t differing = 0;
    for (int64_t p : initial.positions()) {
      const auto* a = actual.bytes.data() + p * size;
      const auto* e = expected.bytes.data() + p * size;
      if (is_nan_element(initial.dtype, a) && is_nan_element(initial.dtype, e)) continue;
      if (std::memcmp(a, e, size) != 0 && differing++ < 5) {
        ADD_FAILURE() << "buffer element " << p << " differs from the reference's";
      }
    }
    EXPECT_EQ(differing, 0u) << "elements differing from the reference";
    return;
  }
  const std::vector<double> a = as_doubles(actual), e = as_doubles(expected);
  size_t mismatches = 0;
  for (size_t i = 0; i < e.size(); ++i) {
    const bool special_ok = std::isnan(e[i])   ? std::isnan(a[i])
                            : std::isinf(e[i]) ? a[i] == e[i]
                                               : std::isfinite(a[i]);
    if (!special_ok && mismatches++ < 5) {
      ADD_FAILURE() << "element " << i << ": avx " << a[i] << ", reference " << e[i];
    }
  }
  EXPECT_EQ(mismatches, 0u) << "NaN/infinity disagreements";
  EXPECT_LE(nmse(a, e), bound);
}

const Plugin& avx() {
  static const Plugin plugin(avx_plugin_file());
  return plugin;
}

const Plugin& reference() {
  static const Plugin plugin(reference_plugin_file());
  return plugin;
}

Result compare(strata_op op, int32_t sub_op, const void* params,
               const std::vector<const HostTensor*>& inputs, const std::vector<HostTensor>& outputs,
               double bound, const std::string& what) {
  Result mine = run(avx(), op, sub_op, params, inputs, outputs);
  const Result theirs = run(reference(), op, sub_op, params, inputs, outputs);
  EXPECT_EQ(mine.status.code, theirs.status.code)
      << what << ": avx says '" << mine.status.message << "', reference says '"
      << theirs.status.message << "'";
  if (mine.status.ok() && theirs.status.ok()) {
    for (size_t i = 0; i < outputs.size(); ++i) {
      expect_match(outputs[i], mine.outputs[i], theirs.outputs[i], bound,
                   fmt::format("{} (output {})", what, i));
    }
  }
  return mine;
}

std::vector<float> random_floats(std::mt19937& rng, int64_t n, float lo, float hi) {
  std::uniform_real_distribution<float> dist(lo, hi);
  std::vector<float> v(static_cast<size_t>(n));
  for (float& x : v) x = dist(rng);
  return v;
}

}  // namespace avx_test
