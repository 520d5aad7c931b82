#include "staging.hpp"

#include "dtype.hpp"

namespace strata::conformance {
namespace {

constexpr int64_t kGuardBytes = 64;

}  // namespace

int64_t guard_elements(strata_dtype dtype) {
  return kGuardBytes / static_cast<int64_t>(dtype_size(dtype));
}

uint64_t buffer_bytes(const TensorSpec& t) {
  const int64_t elements = 2 * guard_elements(t.dtype) + t.storage();
  return static_cast<uint64_t>(elements) * dtype_size(t.dtype);
}

uint64_t position_byte(const TensorSpec& t, int64_t position) {
  return static_cast<uint64_t>(guard_elements(t.dtype) + position) * dtype_size(t.dtype);
}

uint64_t view_byte_offset(const TensorSpec& t) {
  return position_byte(t, t.offset);
}

Image stage(const TensorSpec& t, std::span<const double> values) {
  const size_t size = dtype_size(t.dtype);
  Image image(buffer_bytes(t));
  for (size_t at = 0; at < image.size(); at += size) encode_sentinel(t.dtype, &image[at]);
  if (values.empty()) return image;
  t.for_each_position([&](int64_t linear, int64_t position) {
    encode(t.dtype, values[static_cast<size_t>(linear)], &image[position_byte(t, position)]);
  });
  return image;
}

std::vector<double> unstage(const TensorSpec& t, std::span<const std::byte> image) {
  std::vector<double> values(static_cast<size_t>(t.elements()));
  t.for_each_position([&](int64_t linear, int64_t position) {
    values[static_cast<size_t>(linear)] = decode(t.dtype, &image[position_byte(t, position)]);
  });
  return values;
}

std::vector<double> generate_values(const Case& c, const TensorSpec& t, size_t tensor_index,
                                    uint64_t seed) {
  if (t.domain.kind == Domain::Kind::kNone) return {};
  Generator generator = generator_for(seed, c.key(), tensor_index);
  return generate(t.domain, t.elements(), generator);
}

StagedCase stage_case(const Case& c, uint64_t seed) {
  StagedCase staged;
  size_t index = 0;
  for (const TensorSpec& t : c.inputs) {
    staged.inputs.push_back(stage(t, generate_values(c, t, index++, seed)));
  }
  for (const TensorSpec& t : c.outputs) {
    staged.outputs.push_back(stage(t, generate_values(c, t, index++, seed)));
  }
  return staged;
}

}  // namespace strata::conformance
