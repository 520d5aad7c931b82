#include <boost/json/serialize.hpp>

#include "crc32.hpp"
#include "file_bytes.hpp"
#include "model_file.hpp"
#include "model_file_header.hpp"
#include "tensor_bytes.hpp"
#include "tensor_table.hpp"

namespace strata::io_detail {
namespace {

// Writes through an AtomicFileWriter while keeping the CRC and the position the trailer and
// the alignment need.
class ChecksummedWriter {
 public:
  explicit ChecksummedWriter(const std::filesystem::path& file) : out_(file) {}

  void write(std::span<const std::byte> bytes) {
    out_.write(bytes);
    crc_ = crc32(bytes, crc_);
    position_ += bytes.size();
  }
  void write(std::string_view text) { write(std::as_bytes(std::span(text))); }
  void pad_to(uint64_t offset) {
    static constexpr std::byte kZeros[kDataAlignment] = {};
    write(std::span(kZeros, static_cast<std::size_t>(offset - position_)));
  }
  void finish() {
    out_.write(encode_trailer(crc_));
    out_.commit();
  }

 private:
  AtomicFileWriter out_;
  uint32_t crc_ = 0;
  uint64_t position_ = 0;
};

StoredTensor describe(const TensorRecord& record, std::span<const std::byte> bytes,
                      uint64_t offset) {
  return {.name = record.name,
          .layer = record.layer,
          .section = record.section,
          .dtype = record.value.dtype(),
          .shape = record.value.shape(),
          .offset = offset,
          .length = bytes.size(),
          .crc32 = crc32(bytes)};
}

}  // namespace

void write_model_file(const std::filesystem::path& file, boost::json::object document,
                      const std::vector<TensorRecord>& tensors) {
  // Everything is read back from the backend first, so the file is written in one go.
  std::vector<std::vector<std::byte>> blobs;
  std::vector<uint64_t> offsets;
  boost::json::array table;
  uint64_t data_length = 0;
  for (const TensorRecord& record : tensors) {
    blobs.push_back(tensor_bytes(record.value));
    const StoredTensor stored = describe(record, blobs.back(), align_data(data_length));
    table.push_back(table_entry(stored));
    offsets.push_back(stored.offset);
    data_length = stored.offset + stored.length;
  }
  document["tensors"] = std::move(table);
  const std::string json = boost::json::serialize(document);
  const std::string header =
      encode_header(json.size(), crc32(std::as_bytes(std::span(json))), data_length);

  ChecksummedWriter out(file);
  out.write(header);
  out.write(json);
  const uint64_t data_offset = align_data(header.size() + json.size());
  out.pad_to(data_offset);
  for (std::size_t k = 0; k < blobs.size(); ++k) {
    out.pad_to(data_offset + offsets[k]);
    out.write(blobs[k]);
  }
  out.finish();
}

}  // namespace strata::io_detail
