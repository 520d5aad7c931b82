// The header of a .npy file: magic "\x93NUMPY", version, header length, then a Python dict
// literal such as {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), } padded with
// spaces to a multiple of 64 bytes and ended by a newline.
#pragma once

#include <cstddef>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>

#include "strata/shape.hpp"

namespace strata::data_detail {

struct NpyHeader {
  std::string descr;  // NumPy's type string: "<f4", "|u1", ...
  bool fortran_order = false;
  Shape shape;
  std::size_t data_offset = 0;  // where the elements start in the file
};

// Reads the preamble and the dict at the start of `bytes`. Throws IOError naming `file`, the
// byte and what was expected there.
NpyHeader parse_npy_header(const std::filesystem::path& file, std::span<const std::byte> bytes);

// The preamble and dict NumPy would write for a C-ordered array (version 1.0 unless the dict
// needs a longer length field), padded so the data starts at a multiple of 64.
std::string format_npy_header(std::string_view descr, const Shape& shape);

}  // namespace strata::data_detail
