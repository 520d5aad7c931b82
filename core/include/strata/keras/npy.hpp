// strata/keras/npy.hpp: NumPy's .npy files, to exchange arrays with Python
// (np.save / np.load).
//
//   strata::save_npy("x.npy", x);          // np.load("x.npy") in Python
//   Tensor y = strata::load_npy("y.npy");  // from np.save("y.npy", y)
#pragma once

#include <filesystem>

#include "strata/tensor.hpp"

namespace strata {

// Reads a .npy file (format versions 1.0, 2.0 and 3.0) into a tensor on the current context.
// Element types: float16/32/64 ('<f2', '<f4', '<f8'), int32/64 ('<i4', '<i8'), uint8 ('|u1')
// and bool ('|b1', read as uint8 0/1); big-endian files ('>') are byte-swapped, and
// Fortran-ordered ones transposed into row-major order. Throws IOError naming the file and the
// byte for anything else: a missing file, a malformed header (saying what was expected), an
// unsupported type, data shorter or longer than the header's shape needs.
Tensor load_npy(const std::filesystem::path& file);

// Writes `tensor` as a .npy file (format 1.0, or 2.0 when the header needs it), little-endian,
// row-major, atomically (a temporary file renamed over `file`). float16, float32, float64,
// int32, int64 and uint8 are written as NumPy's types of the same name; bfloat16 has no NumPy
// type and throws DTypeError (cast it to float32 first).
void save_npy(const std::filesystem::path& file, const Tensor& tensor);

}  // namespace strata
