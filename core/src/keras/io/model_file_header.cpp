#include "model_file_header.hpp"

#include "byte_order.hpp"
#include "crc32.hpp"
#include "model_file.hpp"

namespace strata::io_detail {

// Offsets of the fields, as the table in model_file_header.hpp lists them.
namespace field {
constexpr std::size_t version = 8;
constexpr std::size_t header_length = 12;
constexpr std::size_t json_length = 16;
constexpr std::size_t data_offset = 24;
constexpr std::size_t data_length = 32;
constexpr std::size_t json_crc32 = 40;
constexpr std::size_t header_crc32 = 44;
}  // namespace field

uint64_t FileLayout::file_size() const noexcept {
  return trailer_offset() + kTrailerLength;
}

uint64_t align_data(uint64_t offset) noexcept {
  return (offset + kDataAlignment - 1) / kDataAlignment * kDataAlignment;
}

std::string encode_header(uint64_t json_length, uint32_t json_crc32, uint64_t data_length) {
  std::string out(kModelFileMagic, sizeof kModelFileMagic);
  out.push_back('\0');
  append_little_endian(out, kModelFormatVersion);
  append_little_endian(out, static_cast<uint32_t>(kHeaderLength));
  append_little_endian(out, json_length);
  append_little_endian(out, align_data(kHeaderLength + json_length));
  append_little_endian(out, data_length);
  append_little_endian(out, json_crc32);
  append_little_endian(out, header_crc32(std::as_bytes(std::span(out))));
  return out;
}

FileLayout decode_header(std::span<const std::byte> bytes) {
  FileLayout layout;
  layout.version = load_little_endian<uint32_t>(bytes, field::version);
  layout.header_length = load_little_endian<uint32_t>(bytes, field::header_length);
  layout.json_length = load_little_endian<uint64_t>(bytes, field::json_length);
  layout.data_offset = load_little_endian<uint64_t>(bytes, field::data_offset);
  layout.data_length = load_little_endian<uint64_t>(bytes, field::data_length);
  layout.json_crc32 = load_little_endian<uint32_t>(bytes, field::json_crc32);
  layout.header_crc32 = load_little_endian<uint32_t>(bytes, field::header_crc32);
  return layout;
}

uint32_t header_crc32(std::span<const std::byte> header) {
  return crc32(header.first(field::header_crc32));
}

std::string encode_trailer(uint32_t file_crc32) {
  std::string out;
  append_little_endian(out, file_crc32);
  append_little_endian(out, uint32_t{0});
  out.append(kTrailerMagic, sizeof kTrailerMagic);
  return out;
}

}  // namespace strata::io_detail
