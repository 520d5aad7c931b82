#include "weight_matching.hpp"

#include <algorithm>
#include <map>

namespace strata::io_detail {

std::optional<std::vector<std::size_t>> pair_up(const std::vector<std::string>& wanted,
                                                const std::vector<std::string>& stored) {
  if (wanted.size() != stored.size()) return std::nullopt;
  std::map<std::string, std::size_t, std::less<>> position;
  for (std::size_t k = 0; k < stored.size(); ++k) position.emplace(stored[k], k);
  std::vector<std::size_t> pairs;
  for (const std::string& name : wanted) {
    const auto it = position.find(name);
    if (it == position.end()) break;
    pairs.push_back(it->second);
  }
  // Every name found, and no two wanted names alike: by name.
  std::vector<std::size_t> sorted = pairs;
  std::ranges::sort(sorted);
  if (pairs.size() == wanted.size() && std::ranges::adjacent_find(sorted) == sorted.end()) {
    return pairs;
  }
  pairs.resize(wanted.size());
  for (std::size_t k = 0; k < pairs.size(); ++k) pairs[k] = k;
  return pairs;
}

}  // namespace strata::io_detail
