// The MAX pooling gradient with disjoint windows and contiguous channels on AVX-512, where the
// AVX2 loop's compares, blends and partial-vector handling are the bound: sixteen channels a
// vector, the selection in mask registers. Declarations only (portable header); the kernel is
// avx512/pool_max.cpp, reached only from an instance whose ISA is Isa::kAvx512.
#pragma once

#include <strata/backend.h>

#include <cstdint>
#include <vector>

#include "conv_geometry.hpp"

namespace strata_avx::pool_max {

// Whether the kernel takes this gradient: windows that do not overlap (stride >= window) and
// channels contiguous in dy, x and dx.
bool applies(const strata_pool2d_params& p, const strata_tensor& dy, const strata_tensor& x,
             const strata_tensor& dx);

namespace avx512 {
// dx of image n from dy and x: each window's gradient goes to each channel's first maximum (or
// first NaN); the pixels of no window (rows[ih] and cols[iw] not both set) get 0.
void backward_image(const strata_tensor& dy, const strata_tensor& x, const strata_tensor& dx,
                    const PoolShape& s, const strata_pool2d_params& p,
                    const std::vector<bool>& rows, const std::vector<bool>& cols, int64_t n);
}  // namespace avx512

}  // namespace strata_avx::pool_max
