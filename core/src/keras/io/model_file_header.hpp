// The fixed header and the trailer of a model file, format 1 (all integers little-endian):
//
//   header                                   trailer
//   0   7  magic "STRATA\0"                  0  4  CRC-32 of every byte before the trailer
//   7   1  reserved, 0                       4  4  reserved, 0
//   8   4  format version (1)                8  8  magic "STRATEND"
//   12  4  header length (48)
//   16  8  JSON length
//   24  8  data offset (a multiple of 64)
//   32  8  data length
//   40  4  CRC-32 of the JSON
//   44  4  CRC-32 of header bytes 0-43
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace strata::io_detail {

struct FileLayout {
  uint32_t version = 0;
  uint32_t header_length = 0;
  uint64_t json_length = 0;
  uint64_t data_offset = 0;
  uint64_t data_length = 0;
  uint32_t json_crc32 = 0;
  uint32_t header_crc32 = 0;

  // Where the JSON ends, where the trailer starts and the whole file's size.
  uint64_t json_end() const noexcept { return header_length + json_length; }
  uint64_t trailer_offset() const noexcept { return data_offset + data_length; }
  uint64_t file_size() const noexcept;
};

// `offset` rounded up to the next multiple of the data alignment (64).
uint64_t align_data(uint64_t offset) noexcept;

// The 48 header bytes of format 1 for a JSON document and data section of these lengths.
std::string encode_header(uint64_t json_length, uint32_t json_crc32, uint64_t data_length);
// The fields of the header at the start of `bytes` (which holds at least kHeaderLength bytes);
// checks nothing.
FileLayout decode_header(std::span<const std::byte> bytes);
// CRC-32 of the header bytes the header's own CRC covers.
uint32_t header_crc32(std::span<const std::byte> header);

std::string encode_trailer(uint32_t file_crc32);

}  // namespace strata::io_detail
