// MAX pooling and its gradient (disjoint windows) with contiguous channels on AVX-512, where the
// AVX2 loops' compares, blends and partial-vector handling are the bound: sixteen channels a
// vector, NaNs and the gradient's selection in mask registers. Declarations only (portable
// header); the kernels are avx512/pool_max.cpp, reached only from an instance whose ISA is
// Isa::kAvx512.
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

// Whether the forward kernel takes this pooling: channels contiguous in x and y.
bool applies_forward(const strata_tensor& x, const strata_tensor& y);

namespace avx512 {
// Rows [begin, end) of all images' output rows (n, oh) of y = max pool(x): NaN where a window
// holds one, 0 for a window of no real pixels.
void forward_rows(const strata_tensor& x, const strata_tensor& y, const PoolShape& s,
                  const strata_pool2d_params& p, int64_t begin, int64_t end);

// dx of image n from dy and x: each window's gradient goes to each channel's first maximum (or
// first NaN); the pixels of no window (rows[ih] and cols[iw] not both set) get 0.
void backward_image(const strata_tensor& dy, const strata_tensor& x, const strata_tensor& dx,
                    const PoolShape& s, const strata_pool2d_params& p,
                    const std::vector<bool>& rows, const std::vector<bool>& cols, int64_t n);
}  // namespace avx512

}  // namespace strata_avx::pool_max
