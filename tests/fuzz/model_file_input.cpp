#include "model_file_input.hpp"

#include <algorithm>

#include "crc32.hpp"
#include "model_file_header.hpp"

namespace strata_fuzz {
namespace {

void append(std::vector<std::byte>& out, std::span<const std::byte> bytes) {
  out.insert(out.end(), bytes.begin(), bytes.end());
}

void append(std::vector<std::byte>& out, const std::string& text) {
  append(out, std::as_bytes(std::span(text)));
}

std::vector<std::byte> wrap(std::span<const std::byte> json, std::span<const std::byte> data) {
  namespace io = strata::io_detail;
  std::vector<std::byte> file;
  append(file, io::encode_header(json.size(), io::crc32(json), data.size()));
  append(file, json);
  file.resize(io::align_data(file.size()));
  append(file, data);
  append(file, io::encode_trailer(io::crc32(file)));
  return file;
}

}  // namespace

std::vector<std::byte> model_file_bytes(std::span<const std::byte> input) {
  if (input.empty()) return {};
  const std::span<const std::byte> rest = input.subspan(1);
  if ((std::to_integer<unsigned>(input[0]) & 1U) == 0) return {rest.begin(), rest.end()};
  const auto zero = std::find(rest.begin(), rest.end(), std::byte{0});
  const auto json_size = static_cast<std::size_t>(zero - rest.begin());
  const std::span<const std::byte> data =
      zero == rest.end() ? std::span<const std::byte>() : rest.subspan(json_size + 1);
  return wrap(rest.first(json_size), data);
}

}  // namespace strata_fuzz
