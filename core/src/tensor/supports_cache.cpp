#include "supports_cache.hpp"

#include "layout.hpp"

namespace strata::detail {
namespace {

constexpr int kBitsPerOperand = 10;  // dtype 3, rank 4, layout class 2, spare 1
constexpr size_t kMaxKeyedOperands = 64 / kBitsPerOperand;

uint64_t operand_bits(const strata_tensor& t) noexcept {
  const auto layout = static_cast<uint64_t>(layout_class(t));
  return static_cast<uint64_t>(t.dtype) | static_cast<uint64_t>(t.rank) << 3 | layout << 7;
}

}  // namespace

std::optional<SupportsKey> supports_key(const strata_op_call& call) noexcept {
  if (call.num_inputs + call.num_outputs > kMaxKeyedOperands) return std::nullopt;
  SupportsKey key;
  key.op_part = static_cast<uint64_t>(call.op) |
                static_cast<uint64_t>(static_cast<uint32_t>(call.sub_op)) << 16 |
                static_cast<uint64_t>(call.num_inputs) << 48 |
                static_cast<uint64_t>(call.num_outputs) << 56;
  int shift = 0;
  for (size_t i = 0; i < call.num_inputs; ++i, shift += kBitsPerOperand) {
    key.operand_part |= operand_bits(*call.inputs[i]) << shift;
  }
  for (size_t i = 0; i < call.num_outputs; ++i, shift += kBitsPerOperand) {
    key.operand_part |= operand_bits(*call.outputs[i]) << shift;
  }
  return key;
}

std::optional<Route> SupportsCache::find(const SupportsKey& key) const {
  auto it = routes_.find(key);
  if (it == routes_.end()) return std::nullopt;
  return it->second;
}

void SupportsCache::insert(const SupportsKey& key, Route route) {
  routes_.insert_or_assign(key, route);
}

size_t SupportsCache::Hash::operator()(const SupportsKey& key) const noexcept {
  // Both halves are dense bit fields; a multiplicative mix spreads them over the buckets.
  return static_cast<size_t>((key.op_part * 0x9E3779B97F4A7C15ull) ^ key.operand_part);
}

}  // namespace strata::detail
