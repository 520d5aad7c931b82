// read_idx on IDX files the tests write byte by byte (big-endian, as LeCun's format says),
// plain and gzip-compressed, intact and damaged.
#include <gtest/gtest.h>

#include <bit>
#include <cstring>

#include "io_test_support.hpp"
#include "strata/keras/datasets.hpp"

namespace strata {
namespace {

using io_testing::big_endian;
using io_testing::expect_io_error;
using io_testing::expect_mentions;
using namespace std::string_literals;

std::string idx_header(uint8_t type, std::initializer_list<uint32_t> dims) {
  std::string out{'\0', '\0', static_cast<char>(type), static_cast<char>(dims.size())};
  for (uint32_t d : dims) out += big_endian(d, 4);
  return out;
}

class IdxTest : public ::testing::Test {
 protected:
  std::filesystem::path write(std::string_view name, std::string_view bytes) {
    const auto file = folder_ / name;
    io_testing::write_file(file, bytes);
    return file;
  }
  io_testing::ScratchFolder folder_;
};

TEST_F(IdxTest, ReadsGzipUnsignedBytes) {
  std::string bytes = idx_header(0x08, {2, 3, 2});
  for (int i = 0; i < 12; ++i) bytes.push_back(static_cast<char>(250 - 20 * i));
  const Tensor t = datasets::read_idx(write("images-idx3-ubyte.gz", io_testing::gzip(bytes)));
  EXPECT_EQ(t.dtype(), DType::uint8);
  EXPECT_EQ(t.shape(), (Shape{2, 3, 2}));
  const auto values = t.to_vector<uint8_t>();
  for (int i = 0; i < 12; ++i) EXPECT_EQ(values[size_t(i)], uint8_t(250 - 20 * i)) << i;
}

TEST_F(IdxTest, ReadsUncompressedFilesToo) {
  const Tensor t = datasets::read_idx(write("labels", idx_header(0x08, {3}) + "\x09\x00\x07"s));
  EXPECT_EQ(t.to_vector<uint8_t>(), (std::vector<uint8_t>{9, 0, 7}));
}

TEST_F(IdxTest, ConvertsBigEndianIntsAndWidensNarrowSignedTypes) {
  std::string ints = idx_header(0x0C, {3});
  for (int32_t v : {1, -2, 0x01020304}) ints += big_endian(uint32_t(v), 4);
  EXPECT_EQ(datasets::read_idx(write("i", ints)).to_vector<int32_t>(),
            (std::vector<int32_t>{1, -2, 0x01020304}));

  std::string shorts = idx_header(0x0B, {2});
  for (int16_t v : {-300, 1000}) shorts += big_endian(uint16_t(v), 2);
  const Tensor s = datasets::read_idx(write("s", shorts));
  EXPECT_EQ(s.dtype(), DType::int32);
  EXPECT_EQ(s.to_vector<int32_t>(), (std::vector<int32_t>{-300, 1000}));

  const Tensor b = datasets::read_idx(write("b", idx_header(0x09, {2}) + "\xff\x05"));
  EXPECT_EQ(b.dtype(), DType::int32);
  EXPECT_EQ(b.to_vector<int32_t>(), (std::vector<int32_t>{-1, 5}));
}

TEST_F(IdxTest, ConvertsBigEndianFloats) {
  std::string f = idx_header(0x0D, {2});
  for (float v : {1.5f, -0.25f}) f += big_endian(std::bit_cast<uint32_t>(v), 4);
  const Tensor tf = datasets::read_idx(write("f", f));
  EXPECT_EQ(tf.dtype(), DType::float32);
  EXPECT_EQ(tf.to_vector<float>(), (std::vector<float>{1.5f, -0.25f}));

  std::string d = idx_header(0x0E, {1, 1});
  d += big_endian(std::bit_cast<uint64_t>(3.0e100), 8);
  const Tensor td = datasets::read_idx(write("d", d));
  EXPECT_EQ(td.dtype(), DType::float64);
  EXPECT_EQ(td.shape(), (Shape{1, 1}));
  EXPECT_EQ(td.to_vector<double>(), (std::vector<double>{3.0e100}));
}

TEST_F(IdxTest, MissingFileNamesIt) {
  const auto file = folder_ / "absent-idx1-ubyte.gz";
  const IOError error = expect_io_error([&] { datasets::read_idx(file); });
  expect_mentions(error.what(), {file.string(), "no such IDX file"});
}

TEST_F(IdxTest, WrongMagicIsNotAnIdxFile) {
  const auto file = write("x", "\x1f\x00\x08\x01\x00\x00\x00\x01\x05"s);
  const IOError error = expect_io_error([&] { datasets::read_idx(file); });
  expect_mentions(error.what(), {file.string(), "not an IDX file", "byte 0", "0x1f000801"});
  const auto bad_type = write("y", idx_header(0x07, {1}) + "\x01");
  expect_mentions(expect_io_error([&] { datasets::read_idx(bad_type); }).what(),
                  {"not an IDX file", "0x00000701"});
}

TEST_F(IdxTest, TruncationNamesTheByteWhereTheDataEnds) {
  const std::string whole = idx_header(0x08, {4, 2}) + "12345678";  // 4 + 8 + 8 = 20 bytes
  struct Case {
    std::size_t keep;
    std::string_view inside;
  };
  for (const Case& c : {Case{2, "magic number"}, Case{9, "sizes of its 2 dimensions"},
                        Case{17, "unsigned byte data of shape (4,2)"}}) {
    const auto file = write("cut", whole.substr(0, c.keep));
    const IOError error = expect_io_error([&] { datasets::read_idx(file); });
    expect_mentions(error.what(),
                    {file.string(), "truncated", fmt::format("byte {}", c.keep), c.inside});
    EXPECT_EQ(error.byte(), c.keep);
  }
  // In a gzip file, the offset counts in the decompressed contents.
  const auto gz = write("cut.gz", io_testing::gzip(whole.substr(0, 18)));
  expect_mentions(expect_io_error([&] { datasets::read_idx(gz); }).what(),
                  {"byte 18 of the decompressed data", "needs 20 bytes"});
}

TEST_F(IdxTest, TrailingBytesAreAnError) {
  const auto file = write("long", idx_header(0x08, {2}) + "abc");
  expect_mentions(expect_io_error([&] { datasets::read_idx(file); }).what(),
                  {"1 unexpected bytes", "byte 10", "(2,)"});
}

TEST_F(IdxTest, TooManyDimensionsOrOverflowingSizesAreErrors) {
  const auto deep = write("deep", idx_header(0x08, {1, 1, 1, 1, 1, 1, 1, 1, 1}) + "x");
  expect_mentions(expect_io_error([&] { datasets::read_idx(deep); }).what(),
                  {"9 dimensions", "at most 8"});
  const auto huge = write("huge", idx_header(0x0E, {0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF}));
  expect_mentions(expect_io_error([&] { datasets::read_idx(huge); }).what(), {"2^64"});
}

TEST_F(IdxTest, DamagedGzipDataNamesTheCompressedByte) {
  std::string payload = idx_header(0x08, {4096});
  for (int i = 0; i < 4096; ++i) payload.push_back(static_cast<char>((i * 7919) % 251));
  const std::string compressed = io_testing::gzip(payload);

  const auto cut = write("cut.gz", compressed.substr(0, compressed.size() / 2));
  const IOError truncated = expect_io_error([&] { datasets::read_idx(cut); });
  expect_mentions(truncated.what(), {cut.string(), "truncated: the gzip data ends at byte",
                                     fmt::format("{}", compressed.size() / 2)});

  std::string flipped = compressed;
  flipped[compressed.size() / 2] = static_cast<char>(flipped[compressed.size() / 2] ^ 0x5A);
  const auto bad = write("bad.gz", flipped);
  expect_mentions(expect_io_error([&] { datasets::read_idx(bad); }).what(),
                  {bad.string(), "corrupt gzip data near byte"});

  const auto extra = write("extra.gz", compressed + "junk");
  expect_mentions(expect_io_error([&] { datasets::read_idx(extra); }).what(),
                  {"unexpected bytes after the end of the gzip data",
                   fmt::format("byte {}", compressed.size())});
}

TEST_F(IdxTest, ConcatenatedGzipMembersReadAsOneStream) {
  const std::string bytes = idx_header(0x08, {6}) + "abcdef";
  const auto file =
      write("two.gz", io_testing::gzip(bytes.substr(0, 7)) + io_testing::gzip(bytes.substr(7)));
  EXPECT_EQ(datasets::read_idx(file).to_vector<uint8_t>(),
            (std::vector<uint8_t>{'a', 'b', 'c', 'd', 'e', 'f'}));
}

}  // namespace
}  // namespace strata
