// "Did you mean ...?" for misspelt config keys.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace strata::config_detail {

// The candidate closest to `word` by edit distance (ignoring case, counting a swap of two
// neighbouring letters as one edit), or nothing when none is close enough to be a plausible
// typo: a wild suggestion is worse than none.
std::optional<std::string_view> closest_key(std::string_view word,
                                            std::span<const std::string_view> candidates);

}  // namespace strata::config_detail
