// Packers are templates over the sliver width; this maps a run-time width (one of
// gemm::kPackWidths) to its instantiation. Only for files that included a target header.
#pragma once

#ifndef STRATA_AVX2_REGION
#error "include a target header before avx2/pack_width.hpp"
#endif

#include <type_traits>
#include <utility>

#include "gemm.hpp"

namespace strata_avx::gemm {
namespace {

// Calls fn(std::integral_constant<int, W>{}) for W == width.
template <typename F>
void with_pack_width(int width, F&& fn) {
  [&]<size_t... I>(std::index_sequence<I...>) {
    ((width == kPackWidths[I] ? (fn(std::integral_constant<int, kPackWidths[I]>{}), true)
                              : false) ||
     ...);
  }
  (std::make_index_sequence<std::size(kPackWidths)>());
}

}  // namespace
}  // namespace strata_avx::gemm
