// The backend's answers to `supports`, remembered per call shape, so the hot path asks once.
//
// A plugin's answer may depend on the op, its sub-code, dtypes, ranks and whether operands are
// contiguous, broadcast or otherwise strided, so those form the key; sizes and parameter values
// do not. An answer that turns out too optimistic for particular parameters costs nothing
// extra: execute then reports UNSUPPORTED and the dispatcher falls back for that call.
#pragma once

#include <strata/backend.h>

#include <cstdint>
#include <optional>

#include <boost/unordered/unordered_flat_map.hpp>

namespace strata::detail {

// How the dispatcher runs a call shape.
enum class Route : uint8_t {
  kNative,            // the backend runs it as given
  kContiguousInputs,  // the backend runs it once its strided inputs are copied contiguous
  kFallback,          // the reference backend runs it
};

struct SupportsKey {
  uint64_t op_part = 0;       // op, sub-code, operand counts
  uint64_t operand_part = 0;  // per operand: dtype, rank, layout class
  friend bool operator==(const SupportsKey&, const SupportsKey&) = default;
};

// The key of `call`, or nullopt when it has too many operands to pack (not cached).
std::optional<SupportsKey> supports_key(const strata_op_call& call) noexcept;

class SupportsCache {
 public:
  std::optional<Route> find(const SupportsKey& key) const;
  void insert(const SupportsKey& key, Route route);

 private:
  struct Hash {
    size_t operator()(const SupportsKey& key) const noexcept;
  };
  // Open addressing over a power-of-two table: a lookup is on the path of every op call, and
  // std::unordered_map's prime bucket count costs a division each time.
  boost::unordered_flat_map<SupportsKey, Route, Hash> routes_;
};

}  // namespace strata::detail
