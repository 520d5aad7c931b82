// The JSON table of a model file's tensors:
//   {"name": "dense/kernel", "section": "weights", "layer": "dense", "dtype": "float32",
//    "shape": [784, 128], "offset": 0, "length": 401408, "crc32": 2768625435}
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <filesystem>
#include <vector>

#include "model_file.hpp"

namespace strata::io_detail {

boost::json::object table_entry(const StoredTensor& tensor);

// Reads document["tensors"], checking every field's type and that each tensor's bytes lie in
// a data section of `data_length` bytes and match its dtype and shape. Throws IOError naming
// the file, the entry and the field.
std::vector<StoredTensor> parse_tensor_table(const std::filesystem::path& file,
                                             const boost::json::object& document,
                                             uint64_t data_length);

}  // namespace strata::io_detail
