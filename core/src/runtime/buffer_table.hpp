// The sizes of the buffers one backend instance has handed out, so descriptors can be checked
// against them before the plugin sees a call.
#pragma once

#include <strata/backend.h>

#include <cstdint>
#include <optional>

#include <boost/unordered/unordered_flat_map.hpp>

namespace strata::runtime {

// Not synchronised: like the instance it belongs to, it is used by one thread at a time (the
// ABI's rule, which Buffer and Backend already follow for buffer_alloc and buffer_free).
class BufferTable {
 public:
  void add(const strata_buffer* buffer, uint64_t size) { sizes_[buffer] = size; }
  void remove(const strata_buffer* buffer) noexcept { sizes_.erase(buffer); }
  // nullopt for a handle this instance did not allocate or has freed.
  std::optional<uint64_t> size_of(const strata_buffer* buffer) const noexcept {
    const auto it = sizes_.find(buffer);
    if (it == sizes_.end()) return std::nullopt;
    return it->second;
  }

 private:
  // Open addressing: the lookup is on the path of every op call.
  boost::unordered_flat_map<const strata_buffer*, uint64_t> sizes_;
};

}  // namespace strata::runtime
