#include "layer_names.hpp"

#include <fmt/format.h>

#include <map>
#include <mutex>

namespace strata::layers_detail {

std::string unique_layer_name(std::string_view prefix) {
  static std::mutex mutex;
  static std::map<std::string, int, std::less<>> counts;
  const std::lock_guard lock(mutex);
  auto it = counts.find(prefix);
  if (it == counts.end()) it = counts.emplace(std::string(prefix), 0).first;
  const int uid = it->second++;
  return uid == 0 ? std::string(prefix) : fmt::format("{}_{}", prefix, uid);
}

}  // namespace strata::layers_detail
