// Keras looks names up without regard to case ("adam" and "Adam", "mse" and "MSE").
#pragma once

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

namespace strata::training_detail {

inline std::string lower_case(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace strata::training_detail
