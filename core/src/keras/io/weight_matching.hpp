// How a file's tensors find the variables they belong to (docs/file-format.md, "Loading
// weights into a model").
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace strata::io_detail {

// For each of `wanted`, the index of its partner in `stored`: by name when both lists hold the
// same names, else by position when they are equally long; nothing when neither applies.
std::optional<std::vector<std::size_t>> pair_up(const std::vector<std::string>& wanted,
                                                const std::vector<std::string>& stored);

}  // namespace strata::io_detail
