// The Strata model file (docs/file-format.md): a fixed header, a JSON document, the tensors'
// raw bytes, a trailer. This layer knows the container only; what the JSON says about models,
// layers and optimizers is the business of model_save/model_load.
//
//   offset 0            header (48 bytes in format 1)
//   header_length       JSON document (UTF-8), json_length bytes
//   data_offset         tensor data (a multiple of 64), data_length bytes; each tensor starts
//                       at a multiple of 64 within it, zero padding between
//   data_offset+length  trailer (16 bytes)
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "strata/tensor.hpp"

namespace strata::io_detail {

inline constexpr char kModelFileMagic[7] = {'S', 'T', 'R', 'A', 'T', 'A', '\0'};
inline constexpr char kTrailerMagic[8] = {'S', 'T', 'R', 'A', 'T', 'E', 'N', 'D'};
inline constexpr uint32_t kModelFormatVersion = 1;
inline constexpr std::size_t kHeaderLength = 48;
inline constexpr std::size_t kTrailerLength = 16;
inline constexpr std::size_t kDataAlignment = 64;

// Which part of the model a tensor belongs to (the JSON's "section").
enum class TensorSection { weights, optimizer };

// A tensor to write: `layer` names the layer owning a weight (empty for optimizer slots).
struct TensorRecord {
  std::string name;
  std::string layer;
  TensorSection section;
  Tensor value;
};

// A tensor as the file's table describes it; its bytes have been checked against crc32.
struct StoredTensor {
  std::string name;
  std::string layer;
  TensorSection section = TensorSection::weights;
  DType dtype = DType::float32;
  Shape shape;
  uint64_t offset = 0;  // from the start of the data section
  uint64_t length = 0;
  uint32_t crc32 = 0;
};

// Writes `document` with a "tensors" table added, and the tensors' bytes, atomically.
void write_model_file(const std::filesystem::path& file, boost::json::object document,
                      const std::vector<TensorRecord>& tensors);

// A model file read into memory and checked throughout: the header, the lengths against the
// file's size, the JSON, the tensor table, every tensor's CRC and the whole file's.
class ModelFile {
 public:
  // Throws IOError naming the file and, where it applies, the byte and the tensor.
  explicit ModelFile(std::filesystem::path file);

  const std::filesystem::path& path() const noexcept { return path_; }
  // The JSON document (an object), "tensors" table included.
  const boost::json::value& document() const noexcept { return document_; }
  const std::vector<StoredTensor>& tensors() const noexcept { return tensors_; }
  std::vector<StoredTensor> tensors_in(TensorSection section) const;
  // A new tensor on the current context with the stored bytes.
  Tensor load(const StoredTensor& tensor) const;

 private:
  std::filesystem::path path_;
  std::vector<std::byte> bytes_;
  uint64_t data_offset_ = 0;
  boost::json::value document_;
  std::vector<StoredTensor> tensors_;
};

}  // namespace strata::io_detail
